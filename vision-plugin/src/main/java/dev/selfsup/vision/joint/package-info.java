/**
 * Joint-embedding pretext tasks on the API's {@link dev.selfsup.nn.joint.JointEmbeddingTask}: SimCLR, BYOL and
 * VICReg, each one task class and one provider.
 */
package dev.selfsup.vision.joint;
