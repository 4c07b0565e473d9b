/** Reading image files into the API's {@link dev.selfsup.api.Image}: decoding, fitting, channels. */
package dev.selfsup.vision.image;
