import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { rejectionOf } from "../../../test-utils/printed-forms.js";
import { AuthError, ConfigurationError, createAccessToken } from "../src/index.js";
import { tokenFileError } from "../src/node/fs-errors.js";
import { FileTokenStore } from "../src/node.js";

const token = createAccessToken({ accessToken: "a-token-value", tokenType: "Bearer", scopes: [] });
const dir = mkdtempSync(join(tmpdir(), "store-errors-"));

describe("FileTokenStore: fs errors are typed, with a hint per cause", () => {
  test("a path that is a directory (e.g. --store ~/.config) says so and suggests a file in it", async () => {
    const store = new FileTokenStore(dir);
    for (const op of [store.get("k"), store.set("k", token), store.delete("k")]) {
      const error = await rejectionOf(op);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(`The token store path ${dir} is a directory, not a file.`);
      expect((error as AuthError).hint).toContain(`${dir}/tokens.json`);
    }
  });

  test("a parent that is a file (ENOTDIR)", async () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "x");
    const store = new FileTokenStore(join(file, "tokens.json"));
    for (const op of [store.get("k"), store.set("k", token)]) {
      const error = await rejectionOf(op);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(/goes through a file as if it were a directory/);
      expect((error as AuthError).hint).toMatch(/parent folders are directories/);
    }
  });

  test("a normal path still works (the mapping sits only on failures)", async () => {
    mkdirSync(join(dir, "ok"));
    const store = new FileTokenStore(join(dir, "ok", "tokens.json"));
    await store.set("k", token);
    expect((await store.get("k"))?.accessToken).toBe("a-token-value");
  });

  // EACCES and EROFS cannot be produced here reliably (the tests may run as root, which
  // bypasses permissions, and no read-only mount is guaranteed): the mapping is checked directly.
  const errno = (code: string) => Object.assign(new Error(`${code}: failed, open '/x/tokens.json'`), { code });
  test.each([
    ["EACCES", ConfigurationError, /may not write the token store \/x\/tokens\.json \(EACCES\)/, /permissions/],
    ["EPERM", ConfigurationError, /may not write/, /permissions/],
    ["EROFS", ConfigurationError, /read-only file system/, /writable location/],
    ["ENOSPC", AuthError, /No space left/, /Free disk space/],
    ["EIO", AuthError, /Cannot write the token store \/x\/tokens\.json \(EIO\)/, /file system/],
  ])("%s", (code, type, message, hint) => {
    const mapped = tokenFileError(errno(code), "/x/tokens.json", "write") as AuthError;
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.message).toMatch(message);
    expect(mapped.hint).toMatch(hint);
  });

  test("a lock failure caused by a path problem gets that problem's hint; other AuthErrors pass through", () => {
    const lock = new AuthError("store", "Could not lock the token file /x/tokens.json (EROFS).", { cause: errno("EROFS") });
    expect(tokenFileError(lock, "/x/tokens.json", "write")).toBeInstanceOf(ConfigurationError);
    const timeout = new AuthError("store", "Another process held the lock");
    expect(tokenFileError(timeout, "/x/tokens.json", "write")).toBe(timeout);
  });
});
