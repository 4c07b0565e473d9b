/** Device selection ({@code auto | cpu | gpu | gpu:N}) and native thread settings. */
package dev.selfsup.device;
