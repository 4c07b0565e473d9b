/** Using a trained run: its encoder rebuilt from the run folder, turning samples and files into vectors. */
package dev.selfsup.embed;
