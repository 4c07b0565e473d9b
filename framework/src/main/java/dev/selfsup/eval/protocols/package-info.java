/**
 * The evaluation protocols the framework ships: Tribuo trainers on frozen features ({@code logistic},
 * {@code linear_sgd}, {@code knn}, {@code liblinear}, {@code libsvm}, {@code xgboost}, {@code cart}, and any trainer
 * from a configuration file, {@code tribuo}) and an MLP probe trained with DJL ({@code mlp}).
 */
package dev.selfsup.eval.protocols;
