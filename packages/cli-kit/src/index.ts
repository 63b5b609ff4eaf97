/**
 * @pstore/cli-kit: the conventions every pstore-ts command keeps, in one
 * place — a closed pipe ends the command quietly, colours only on a
 * terminal, `--version`, completion scripts.
 * Kernel counterpart: none (user space).
 */
export {};
