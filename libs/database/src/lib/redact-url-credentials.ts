/**
 * The text with the password of every URL in it replaced, so that a message or a log line can
 * name a database or Redis URL without giving its secret away (`postgres://u:***@h/db`). An
 * unencoded `@` in a password is covered too: the credentials run to the host's last `@`.
 */
export function redactUrlCredentials(text: string): string {
  // Every request's log binding passes here (its URL): most texts have no `@`, so no credentials,
  // and the test is far cheaper than the expression.
  if (!text.includes('@')) {
    return text;
  }
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"]*):[^\s/"]*@/gi, '$1:***@');
}
