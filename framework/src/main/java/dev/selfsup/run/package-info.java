/** Runs a validated recipe end to end: run folder, data, pretraining, encoder export, evaluation, report. */
package dev.selfsup.run;
