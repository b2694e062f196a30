/**
 * `auth-token completion bash|zsh|fish`: a completion script for the commands, the providers
 * (plugins included: the script is generated from the descriptors loaded now) and the flags.
 * Names and flags are checked to be plain words before they go into shell code.
 */
import { COMMANDS } from "./provider-commands.js";
import type { Registry } from "./providers.js";
import { UsageError } from "./ui.js";

const word = (s: string) => s.length > 0 && [...s].every((c) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c === "-" || c === "_");
const TOP = ["status", "demo", "completion", "help"];
const COMMAND_FLAGS: Record<string, string[]> = {
  token: ["force", "secret-stdin"],
  request: ["data", "data-raw", "header", "secret-stdin"],
  login: ["no-browser", "port", "timeout", "secret-stdin"],
  logout: ["revoke", "secret-stdin"],
};
const GLOBAL = ["profile", "insecure-storage", "store", "json", "debug", "no-color", "help", "version"];

interface Model {
  providers: { name: string; flags: string[]; fileFlags: string[] }[];
}

function model(registry: Registry): Model {
  return {
    providers: registry.list
      .filter((p) => word(p.name))
      .map((p) => {
        const fileSettings = new Set((p.files ?? []).map((f) => f.setting));
        return {
          name: p.name,
          flags: p.settings.map((s) => s.flag).filter(word),
          fileFlags: p.settings.filter((s) => fileSettings.has(s.name)).map((s) => s.flag).filter(word),
        };
      }),
  };
}

const dashed = (flags: string[]) => flags.map((f) => `--${f}`).join(" ");

function bash(m: Model): string {
  const names = m.providers.map((p) => p.name).join(" ");
  const fileFlags = ["--store", ...m.providers.flatMap((p) => p.fileFlags.map((f) => `--${f}`))];
  return `# auth-token completion for bash: source <(auth-token completion bash)
_auth_token() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local global="${dashed(GLOBAL)}"
  case "$prev" in
    ${[...new Set(fileFlags)].join("|")}) COMPREPLY=( $(compgen -f -- "$cur") ); return 0 ;;
  esac
  if [ "$COMP_CWORD" -le 1 ]; then
    COMPREPLY=( $(compgen -W "${names} ${TOP.join(" ")} $global" -- "$cur") ); return 0
  fi
  local first="\${COMP_WORDS[1]}" flags=""
  case "$first" in
    completion) COMPREPLY=( $(compgen -W "bash zsh fish" -- "$cur") ); return 0 ;;
    help) COMPREPLY=( $(compgen -W "${names} status demo completion" -- "$cur") ); return 0 ;;
    demo) COMPREPLY=( $(compgen -W "${names} $global" -- "$cur") ); return 0 ;;
    status) COMPREPLY=( $(compgen -W "$global" -- "$cur") ); return 0 ;;
${m.providers.map((p) => `    ${p.name}) flags="${dashed(p.flags)}" ;;`).join("\n")}
    *) return 0 ;;
  esac
  if [ "$COMP_CWORD" -eq 2 ]; then
    COMPREPLY=( $(compgen -W "${COMMANDS.join(" ")}" -- "$cur") ); return 0
  fi
  case "\${COMP_WORDS[2]}" in
${Object.entries(COMMAND_FLAGS)
  .map(([c, f]) => `    ${c}) flags="$flags ${dashed(f)}" ;;`)
  .join("\n")}
  esac
  case "\${COMP_WORDS[2]}:$COMP_CWORD" in
    request:3) COMPREPLY=( $(compgen -W "GET POST PUT PATCH DELETE HEAD OPTIONS" -- "$cur") ); return 0 ;;
  esac
  COMPREPLY=( $(compgen -W "$flags $global" -- "$cur") )
}
complete -o default -F _auth_token auth-token
`;
}

function zsh(m: Model): string {
  return `#compdef auth-token
# auth-token completion for zsh: source <(auth-token completion zsh)
# (zsh runs the bash completion through bashcompinit)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(m)}`;
}

function fish(m: Model): string {
  const lines = ["# auth-token completion for fish: auth-token completion fish > ~/.config/fish/completions/auth-token.fish", "complete -c auth-token -f"];
  const firsts = [...m.providers.map((p) => p.name), ...TOP];
  lines.push(`complete -c auth-token -n "__fish_use_subcommand" -a "${firsts.join(" ")}"`);
  lines.push(`complete -c auth-token -n "__fish_seen_subcommand_from completion" -a "bash zsh fish"`);
  for (const g of GLOBAL) lines.push(`complete -c auth-token -l ${g}`);
  for (const p of m.providers) {
    lines.push(`complete -c auth-token -n "__fish_seen_subcommand_from ${p.name}; and not __fish_seen_subcommand_from ${COMMANDS.join(" ")}" -a "${COMMANDS.join(" ")}"`);
    for (const f of p.flags) lines.push(`complete -c auth-token -n "__fish_seen_subcommand_from ${p.name}" -l ${f} -r${p.fileFlags.includes(f) ? " -F" : ""}`);
  }
  for (const [c, flags] of Object.entries(COMMAND_FLAGS)) for (const f of flags) lines.push(`complete -c auth-token -n "__fish_seen_subcommand_from ${c}" -l ${f}`);
  return `${lines.join("\n")}\n`;
}

export function completionScript(shell: string | undefined, registry: Registry): string {
  const m = model(registry);
  if (shell === "bash") return bash(m);
  if (shell === "zsh") return zsh(m);
  if (shell === "fish") return fish(m);
  throw new UsageError(shell ? `No completion for the shell '${shell}'.` : "completion needs a shell: bash, zsh or fish.", "Run 'auth-token completion --help'.");
}
