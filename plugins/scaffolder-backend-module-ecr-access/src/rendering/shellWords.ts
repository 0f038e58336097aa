// A word a POSIX shell reads as itself, unquoted: no whitespace, quote, glob, expansion,
// redirection, separator or comment character (and not empty).
const BARE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One argument as a POSIX shell reads it back exactly: bare when it is a plain word, else in
 * single quotes, inside which nothing is special but the quote itself (closed, escaped, and
 * reopened: `'\''`). A NUL cannot be in an argument at all, so it is refused rather than
 * quoted into something else.
 */
export function shellQuote(argument: string): string {
  if (argument.includes('\0')) {
    throw new Error('an argument cannot hold a NUL character');
  }
  if (BARE_WORD.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** The command line of `argv`, each word quoted for a POSIX shell (`shellQuote`). */
export function shellCommand(argv: string[]): string {
  return argv.map(shellQuote).join(' ');
}
