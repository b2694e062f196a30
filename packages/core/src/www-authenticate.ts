/** One challenge of a `WWW-Authenticate` header (RFC 7235 §4.1, RFC 6750 §3). */
export interface Challenge {
  /** Lower-cased auth scheme, e.g. `bearer`. */
  scheme: string;
  /** Auth parameters, names lower-cased, values unquoted. */
  params: Record<string, string>;
  /** token68 form (`Basic abc==`), when present instead of parameters. */
  token68?: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * Parse a `WWW-Authenticate` header into its challenges. Tolerant: malformed parts are
 * skipped, never thrown, because the header comes from a server we do not control.
 * `parseWwwAuthenticate('Bearer error="insufficient_scope", scope="manageJobs"')`
 * -> `[{ scheme: "bearer", params: { error: "insufficient_scope", scope: "manageJobs" } }]`
 */
export function parseWwwAuthenticate(header: string | null | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  if (!header) return challenges;
  let s = header;
  let current: Challenge | undefined;
  const skip = (re: RegExp) => {
    const m = re.exec(s);
    if (m) s = s.slice(m[0].length);
    return m;
  };
  while (s.length > 0) {
    skip(/^[\s,]+/);
    if (!s) break;
    const name = skip(TOKEN);
    if (!name) {
      s = s.slice(1); // unparseable character: drop it and go on
      continue;
    }
    const afterName = s;
    skip(/^[ \t]*/);
    if (s.startsWith("=") && current && !/^=+\s*(,|$)/.test(s)) {
      // auth-param of the current challenge
      s = s.slice(1);
      skip(/^[ \t]*/);
      let value = "";
      if (s.startsWith('"')) {
        let i = 1;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === "\\" && i + 1 < s.length) i++;
          value += s[i];
          i++;
        }
        s = s.slice(i + 1);
      } else {
        const m = skip(TOKEN);
        value = m ? m[0] : "";
      }
      const key = name[0].toLowerCase();
      // Own properties only: a parameter named "constructor" or "__proto__" is still a parameter.
      if (!Object.hasOwn(current.params, key)) setOwn(current.params, key, value);
      continue;
    }
    s = afterName;
    current = { scheme: name[0].toLowerCase(), params: {} };
    challenges.push(current);
    skip(/^[ \t]+/);
    // token68 (e.g. "Basic abc==") directly after the scheme, not followed by "=value"
    const t68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/.exec(s);
    if (t68 && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*=[^=]/.test(s)) {
      current.token68 = t68[0];
      s = s.slice(t68[0].length);
    }
  }
  return challenges;
}

function setOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The Bearer challenge's parameters, if the header has one. */
export function bearerChallenge(header: string | null | undefined): Record<string, string> | undefined {
  return parseWwwAuthenticate(header).find((c) => c.scheme === "bearer")?.params;
}
