"""The README's examples run and print what the README shows, so they cannot rot."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def session() -> list[tuple[str, str]]:
    """(command, expected output) pairs of the README's console session."""
    pairs, command, output = [], None, []
    for line in blocks("console")[0].splitlines():
        if line.startswith("$ "):
            if command:
                pairs.append((command, "\n".join(output)))
            command, output = line[2:], []
        else:
            output.append(line)
    pairs.append((command, "\n".join(output)))
    return pairs


def test_readme_gives_the_two_commands_and_ci_runs_the_second():
    commands = blocks("sh")
    assert "kg build" in commands[0] and "pip install" in commands[0]
    test_command = commands[1].strip()
    assert "pytest" in test_command
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci


def test_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = blocks("python")[0]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Ashton Kutcher", "Demi Moore"]
    assert "founding of Thorn" in lines[2] and "Congress" in lines[2]


@pytest.fixture(scope="module")
def readme_store(tmp_path_factory) -> Path:
    """The store the session's first command builds, built once for the commands that only read it."""
    store = tmp_path_factory.mktemp("readme") / "store"
    subprocess.run([sys.executable, "-m", "kg.cli", "build"], env={"KG_STORE": str(store)}, check=True,
                   capture_output=True)
    return store


@pytest.mark.parametrize("command, expected", session(), ids=[c for c, _ in session()])
def test_console_session_prints_what_the_readme_shows(tmp_path, readme_store, command, expected):
    # kg build itself runs on a fresh store, as in the README; the other commands read the one built once.
    store = tmp_path / "store" if command.startswith("kg build") else readme_store
    env = {"KG_STORE": str(store), "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    kg_part, _, pipe = command.partition(" | ")
    args = shlex.split(kg_part)
    assert args[0] == "kg"
    result = subprocess.run([sys.executable, "-m", "kg.cli", *args[1:]], env=env, capture_output=True, text=True,
                            check=False)
    output = result.stdout + result.stderr
    if pipe:
        output = subprocess.run(pipe, shell=True, input=output, capture_output=True, text=True, env=env,
                                check=False).stdout
    if args[1] == "build":
        # The store path and the timing depend on the machine.
        assert re.fullmatch(r"kg: [01] built, [01] unchanged in \d+\.\d s into .*\n", output)
    else:
        assert output.rstrip("\n") == expected.rstrip("\n")
