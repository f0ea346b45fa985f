"""Check what the schemas promise in an editor, against the real YAML language server.

VS Code's YAML extension (redhat.vscode-yaml) runs `yaml-language-server`; this script runs
the same server over stdio, as an editor would, and checks:

- diagnostics: a wrong value in each kind of file is reported with the schema's own Russian
  `errorMessage` / `patternErrorMessage`, not the server's English default;
- no false alarms: every YAML file under rules/ and quarters/ opens without a diagnostic;
- completion: after `variant: ` the variant ids of rules/*/methodology.yaml are offered;
- the snippet: in a KPI list the «новый KPI» snippet is offered, and the text it inserts
  (placeholders at their defaults) gives no diagnostic either;
- .vscode/settings.json: a file without the `# yaml-language-server: $schema=` line gets its
  schema from the `yaml.schemas` globs.

Nothing is written: documents are opened in the server's memory at paths inside the checkout.

    npm install yaml-language-server          # anywhere, e.g. in a folder outside the repo
    python tools/lsp_check/lsp_check.py --server path/to/node_modules/.bin/yaml-language-server

Without --server: $KPI_YAML_LANGUAGE_SERVER, then `yaml-language-server` on PATH. Prints one
line per check and, with --json, a JSON report (the inserted snippet text included, for
tests/test_editor.py to validate with kpi itself). Exit code 0 when every check holds, 1 when
one fails, 2 when no server is found.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30.0


def find_server(explicit: str | None = None) -> str | None:
    """The yaml-language-server executable, or None."""
    for candidate in (explicit, os.environ.get("KPI_YAML_LANGUAGE_SERVER")):
        if candidate:
            return candidate if Path(candidate).exists() else None
    return shutil.which("yaml-language-server")


class Server:
    """A language server over stdio: JSON-RPC with Content-Length framing."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0
        self.responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.diagnostics: queue.Queue[dict[str, Any]] = queue.Queue()
        self.settings: dict[str, Any] = {}
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        with self.lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(stream.read(length))
            if "id" in message and "method" in message:  # a request from the server
                self._send({"id": message["id"], "result": self._answer(message)})
            elif "id" in message:
                self.responses.setdefault(message["id"], queue.Queue()).put(message)
            elif message.get("method") == "textDocument/publishDiagnostics":
                self.diagnostics.put(message["params"])

    def _answer(self, request: dict[str, Any]) -> Any:
        if request["method"] == "workspace/configuration":
            sections = [item.get("section") for item in request["params"]["items"]]
            return [self.settings if section == "yaml" else None for section in sections]
        return None

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        ident = self.next_id
        box = self.responses.setdefault(ident, queue.Queue())
        self._send({"id": ident, "method": method, "params": params})
        message = box.get(timeout=TIMEOUT)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def stop(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)  # it ends at the end of the server's output
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


class Editor:
    """Documents opened in the server's memory, as an editor would."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.versions: dict[str, int] = {}

    def open(self, relative: str, text: str) -> str:
        uri = (ROOT / relative).as_uri()
        version = self.versions.get(uri, 0) + 1
        self.versions[uri] = version
        if version == 1:
            document = {"uri": uri, "languageId": "yaml", "version": version, "text": text}
            self.server.notify("textDocument/didOpen", {"textDocument": document})
        else:
            self.server.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
            )
        return uri

    def diagnostics(self, relative: str, text: str) -> list[dict[str, Any]]:
        """The server's diagnostics for `text` opened at `relative`: the last set it sends
        before it falls quiet (a schema loads after the first, syntax-only, pass)."""
        uri = self.open(relative, text)
        deadline = time.monotonic() + TIMEOUT
        found: list[dict[str, Any]] | None = None
        while time.monotonic() < deadline:
            try:
                params = self.server.diagnostics.get(timeout=1.0 if found is not None else TIMEOUT)
            except queue.Empty:
                break
            if params["uri"] == uri and params.get("version", self.versions[uri]) == self.versions[uri]:
                found = params["diagnostics"]
        if found is None:
            raise TimeoutError(f"no diagnostics for {relative}")
        return found

    def completion(self, relative: str, text: str, line: int, character: int) -> list[dict[str, Any]]:
        uri = self.open(relative, text)
        result = self.server.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        items = result.get("items", []) if isinstance(result, dict) else result or []
        return list(items)


def schema(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def methodology_variants() -> list[str]:
    """The variant ids of every rules/*/methodology.yaml, in order of first appearance
    (read as text: the `variants:` block's two-space keys; no YAML library needed)."""
    ids: list[str] = []
    for path in sorted(ROOT.glob("rules/*/methodology.yaml")):
        inside = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\S", line):
                inside = line.startswith("variants:")
            elif inside and (match := re.match(r"^  ([a-z][a-z0-9_]*):", line)) and match.group(1) not in ids:
                ids.append(match.group(1))
    return ids


def resolve_snippet(text: str, line: str = "") -> str:
    """The text a snippet leaves when each placeholder keeps its default (${1:x} -> x, $1 -> ''),
    inserted on `line`: as VS Code does, every line of the snippet after the first is given the
    leading whitespace of the line it is inserted on."""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    text = text.replace("\n", "\n" + indent)
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\$\{\d+:([^{}]*)\}", r"\1", text)
        text = re.sub(r"\$\{\d+\|([^,|}]*)[^}]*\|\}", r"\1", text)
    return re.sub(r"\$\{?\d+\}?", "", text)


BODY_HEAD = """# yaml-language-server: $schema=../../schemas/body.schema.json
id: zz
short: ЗЗ
name: "Проверочный орган"
directions:
  - id: main
    name: "Основное"
    kpis:
"""
KPI = """      - id: zz-01
        name: "Доля услуг"
        variant: share_higher
        weight: {weight}
        target: {target}
        unit: {unit}
"""
QUARTER_BODY = """# yaml-language-server: $schema=../../schemas/quarter-body.schema.json
body: mvd
kpis:
  mvd-01:
    a: {a}
    b: "363 249"
"""
QUARTER = """# yaml-language-server: $schema=../../schemas/quarter.schema.json
period: {period}
rules: "2023"
status: {status}
source: "проверка"
"""


def body_text(weight: str = "100", target: str = "75", unit: str = '"%"', kpi_id: str = "zz-01") -> str:
    return BODY_HEAD + KPI.format(weight=weight, target=target, unit=unit).replace("zz-01", kpi_id)


def run(server_path: str) -> dict[str, Any]:
    node = [server_path, "--stdio"]
    if server_path.endswith(".js"):
        node = ["node", server_path, "--stdio"]
    server = Server(node)
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    server.settings = {
        "schemas": settings["yaml.schemas"],
        "validate": True,
        "completion": True,
        "hover": True,
        "schemaStore": {"enable": False},  # no network: only our schemas
    }
    report: dict[str, Any] = {"server": server_path, "cases": []}
    try:
        server.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": ROOT.as_uri(),
                "workspaceFolders": [{"uri": ROOT.as_uri(), "name": ROOT.name}],
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
                    "textDocument": {
                        "completion": {"completionItem": {"snippetSupport": True}},
                        "publishDiagnostics": {"versionSupport": True},
                    },
                },
            },
        )
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": {"yaml": server.settings}})
        time.sleep(0.5)  # the server asks for the settings it was told of
        check(Editor(server), report)
    finally:
        server.stop()
    return report


def check(editor: Editor, report: dict[str, Any]) -> None:
    def case(name: str, ok: bool, detail: Any) -> None:
        report["cases"].append({"name": name, "ok": bool(ok), "detail": detail})

    body, quarter, quarter_body = schema("body"), schema("quarter"), schema("quarter-body")
    kpi_props = body["$defs"]["kpi"]["properties"]

    def expect(name: str, relative: str, text: str, message: str, key: str) -> None:
        """A diagnostic with `message` on the first line holding `key` (the value at fault)."""
        line = next(i for i, row in enumerate(text.splitlines()) if key in row)
        found = editor.diagnostics(relative, text)
        shown = [(d["range"]["start"]["line"], d["message"]) for d in found]
        case(name, (line, message) in shown, {"expected": [line, message], "got": shown})

    # (a) diagnostics in Russian, from the schemas' own messages, at the value at fault
    expect(
        "weight as text",
        "rules/2023/zz.yaml",
        body_text(weight='"двадцать"'),
        kpi_props["weight"]["errorMessage"],
        "weight:",
    )
    expect(
        "id pattern",
        "rules/2023/zz.yaml",
        body_text(kpi_id="ZZ 01"),
        body["$defs"]["id"]["patternErrorMessage"],
        "id: ZZ 01",
    )
    expect("unit enum", "rules/2023/zz.yaml", body_text(unit='"шт"'), kpi_props["unit"]["errorMessage"], "unit:")
    target_message = kpi_props["target"]["anyOf"][0]["errorMessage"]
    expect("target as text", "rules/2023/zz.yaml", body_text(target='"много"'), target_message, "target:")
    period = quarter["properties"]["period"]
    expect(
        "period pattern",
        "quarters/2024Q1/zz.yaml",
        QUARTER.format(period='"2024-1"', status="draft"),
        period["patternErrorMessage"],
        "period:",
    )
    status = quarter["properties"]["status"]
    expect(
        "status enum",
        "quarters/2024Q1/zz.yaml",
        QUARTER.format(period="2024Q1", status="final"),
        status["errorMessage"],
        "status:",
    )
    quantity = quarter_body["$defs"]["quantity"]["errorMessage"]
    expect("quantity as a list", "quarters/2024Q1/zz.yaml", QUARTER_BODY.format(a="[1, 2]"), quantity, "    a:")

    # no false alarms on the files as they are
    noisy = {}
    for path in sorted([*ROOT.glob("rules/*/*.yaml"), *ROOT.glob("quarters/*/*.yaml")]):
        relative = path.relative_to(ROOT).as_posix()
        found = editor.diagnostics(relative, path.read_text(encoding="utf-8"))
        if found:
            noisy[relative] = [d["message"] for d in found][:3]
    case("every rules/ and quarters/ file is clean", not noisy, noisy or "all clean")

    # .vscode/settings.json: the same mistakes in files without the modeline
    expect(
        "settings.json: body without modeline",
        "rules/2023/zz-new.yaml",
        body_text(weight='"двадцать"').split("\n", 1)[1],
        kpi_props["weight"]["errorMessage"],
        "weight:",
    )
    expect(
        "settings.json: quarter without modeline",
        "quarters/2030Q1/quarter.yaml",
        QUARTER.format(period='"2024-1"', status="draft").split("\n", 1)[1],
        period["patternErrorMessage"],
        "period:",
    )
    expect(
        "settings.json: quarter body without modeline",
        "quarters/2030Q1/zz.yaml",
        QUARTER_BODY.format(a="[1, 2]").split("\n", 1)[1],
        quantity,
        "    a:",
    )

    # (b) completion of the variant: every variant id of every methodology.yaml
    text = body_text().replace("variant: share_higher", "variant: ")
    line = text.splitlines().index("        variant: ")
    labels = [item["label"] for item in editor.completion("rules/2023/zz.yaml", text, line, len("        variant: "))]
    variants = methodology_variants()
    case("variant completion", set(variants) <= set(labels), {"variants": variants, "offered": labels})

    # (c) the snippet, wherever a KPI can start, and the text it inserts
    places = {
        "after «- » in a KPI list": (body_text() + "      - \n", len("      - ")),
        "on an empty line of a KPI list": (body_text() + "      \n", len("      ")),
        "under «kpis:» of a new direction": (BODY_HEAD + "      \n", len("      ")),
    }
    for place, (text, column) in places.items():
        lines = text.splitlines()
        line = len(lines) - 1
        items = editor.completion("rules/2023/zz.yaml", text, line, column)
        snippets = [item for item in items if item["label"] == "новый KPI"]
        case(f"snippet offered {place}", len(snippets) == 1, [item["label"] for item in items])
        if not snippets:
            continue
        insert = snippets[0].get("insertText") or snippets[0]["label"]
        lines[line] = lines[line][:column] + resolve_snippet(insert, lines[line])
        # beside a KPI of weight 100 the new one breaks the weights rule (kpi's check, not the
        # schema's): the first KPI gives up the new one's 10, as a person would
        new_text = "\n".join(lines).replace("weight: 100", "weight: 90") + "\n"
        report.setdefault("snippet_texts", {})[place] = new_text
        found = editor.diagnostics("rules/2023/zz.yaml", new_text)
        case(
            f"snippet inserted {place} is valid",
            not found,
            {"text": new_text, "diagnostics": [d["message"] for d in found]},
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", help="the yaml-language-server executable (or its .js)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    server = find_server(args.server)
    if server is None:
        print("yaml-language-server not found: npm install yaml-language-server, then --server PATH", file=sys.stderr)
        return 2
    report = run(server)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for item in report["cases"]:
            print(("ok    " if item["ok"] else "FAIL  ") + item["name"])
            if not item["ok"]:
                print("      " + json.dumps(item["detail"], ensure_ascii=False)[:2000])
    return 0 if all(item["ok"] for item in report["cases"]) else 1


if __name__ == "__main__":
    sys.exit(main())
