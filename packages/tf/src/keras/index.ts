/** `tf.keras`: the optimizers (and their learning-rate schedules, as `optimizers.schedules`), written in optimizers.ts. */
export * as optimizers from './optimizers.js';
