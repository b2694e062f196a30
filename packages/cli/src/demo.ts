import type { Ui } from "./ui.js";

export async function demo(_only: string[], ui: Ui): Promise<number> {
  ui.info("demo: not wired yet");
  return 1;
}
