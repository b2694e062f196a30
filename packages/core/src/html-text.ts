import { asciiWordAt, isJsWhitespace } from "./text-scan.js";

/**
 * Linear-time HTML-to-text for error excerpts: not an HTML parser, just enough to quote what an
 * error page says. Each pass is one left-to-right scan; the regexes they replaced (`<[^>]*>`,
 * `<(script|style)[\s\S]*?<\/\1>`, `<head[\s>][\s\S]*?<\/head>`) took minutes on a few hundred
 * KB of `<` (issue 10).
 */

/** The text without its first `<head …>…</head>` (any case), which repeats the page's title. */
export function dropHead(html: string): string {
  let i = html.indexOf("<");
  while (i !== -1) {
    if (asciiWordAt(html, i + 1, "head")) {
      const c = html.charCodeAt(i + 5);
      if (c === 0x3e || isJsWhitespace(c)) {
        const close = findCloseTag(html, i + 6, "head");
        // No "</head>" after the first "<head": none after a later one either.
        return close === -1 ? html : `${html.slice(0, i)} ${html.slice(close)}`;
      }
    }
    i = html.indexOf("<", i + 1);
  }
  return html;
}

/** The text with `<script…>…</script>` and `<style…>…</style>` blocks, then every tag, replaced by a space. */
export function dropTags(html: string): string {
  return dropTagsOnly(dropBlocks(html));
}

function dropBlocks(html: string): string {
  let out = "";
  let from = 0;
  // Once a search for a closing tag failed, every later one fails too: remember it, or a page
  // of unclosed "<script" would be searched to its end once per "<script".
  const unclosed = new Set<string>();
  let i = html.indexOf("<");
  while (i !== -1) {
    const name = asciiWordAt(html, i + 1, "script") ? "script" : asciiWordAt(html, i + 1, "style") ? "style" : undefined;
    if (name && !unclosed.has(name)) {
      const end = findCloseTag(html, i + 1 + name.length, name);
      if (end === -1) unclosed.add(name);
      else {
        out += `${html.slice(from, i)} `;
        from = end;
        i = html.indexOf("<", end);
        continue;
      }
    }
    i = html.indexOf("<", i + 1);
  }
  return from === 0 ? html : out + html.slice(from);
}

function dropTagsOnly(html: string): string {
  let out = "";
  let from = 0;
  let i = html.indexOf("<");
  while (i !== -1) {
    const close = html.indexOf(">", i + 1);
    if (close === -1) break; // no ">" after this "<": none after a later one either
    out += `${html.slice(from, i)} `;
    from = close + 1;
    i = html.indexOf("<", from);
  }
  return from === 0 ? html : out + html.slice(from);
}

/** The index just past the first `</name>` (any case) at or after `from`, or -1. */
function findCloseTag(html: string, from: number, name: string): number {
  let i = html.indexOf("</", from);
  while (i !== -1) {
    if (asciiWordAt(html, i + 2, name) && html.charCodeAt(i + 2 + name.length) === 0x3e) return i + 3 + name.length;
    i = html.indexOf("</", i + 1);
  }
  return -1;
}
