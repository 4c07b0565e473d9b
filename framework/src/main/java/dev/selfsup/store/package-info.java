/**
 * What a run keeps on disk and the one home of its layout: {@link dev.selfsup.store.RunFolder} names every file
 * and folder of a run (recipe, provenance, metrics, checkpoints, each saved encoder, the evaluation), shared by
 * the code that writes them and the code that reads them back; {@link dev.selfsup.store.RunLock} keeps a run
 * folder to one process.
 */
package dev.selfsup.store;
