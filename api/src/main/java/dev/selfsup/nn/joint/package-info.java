/**
 * The joint-embedding family of self-supervised methods (SimCLR, BYOL, VICReg and their relatives), as reusable
 * parts: {@link dev.selfsup.nn.joint.ProjectionHead} MLPs, the {@link dev.selfsup.nn.joint.EmaTeacher} with its
 * {@link dev.selfsup.nn.joint.MomentumSchedule}, the {@link dev.selfsup.nn.joint.JointEmbeddingLosses}, the
 * {@link dev.selfsup.nn.joint.CollapseMonitor}, and {@link dev.selfsup.nn.joint.JointEmbeddingTask}, the base a
 * method extends: a new method is a small subclass that builds its heads and writes its loss.
 */
package dev.selfsup.nn.joint;
