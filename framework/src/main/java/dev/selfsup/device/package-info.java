/** Device selection ({@code auto | cpu | gpu | gpu:N | gpu:N,M}) and native thread settings. */
package dev.selfsup.device;
