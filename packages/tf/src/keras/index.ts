/** `tf.keras`: the optimizers (and their learning-rate schedules, as `optimizers.schedules`), written in optimizers.ts over base_optimizer.ts. */
export * as optimizers from './optimizers.js';
