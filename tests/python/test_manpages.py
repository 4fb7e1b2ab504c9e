# SPDX-License-Identifier: LGPL-2.1-or-later
"""The manual pages of the kpi command: one per subcommand, each listing
every option the subcommand's --help prints (so the two cannot drift), and
each rendering without a warning."""

import os
import re
import shutil
import subprocess

import pytest

KPI = os.environ.get("KPI_TOOL")
TOOLS = os.path.join(os.environ.get("KPI_SRCDIR", ""), "..", "tools")
SUBCOMMANDS = ["eval", "check", "validate", "report"]
PAGES = ["kpi.1"] + ["kpi-%s.1" % sub for sub in SUBCOMMANDS]


# groff and man run without the sanitizer runtime a sanitizer build preloads
# into the interpreter (troff trips ASan's alloc-dealloc check on its own)
TOOLS_ENV = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS")}

def page_path(name):
    path = os.path.join(TOOLS, name)
    assert os.path.isfile(path), "no manual page %s" % path
    return path


def render(name):
    """The page as plain ASCII text, as man shows it (hyphens and minus signs
    alike are '-')."""
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    result = subprocess.run(["groff", "-ww", "-man", "-Tascii", "-P-cbou", page_path(name)],
                            capture_output=True, text=True, env=TOOLS_ENV)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def help_options(sub):
    """The options `kpi SUB --help` lists: ['-h', '--help', '--time', ...]."""
    if not KPI:
        pytest.fail("KPI_TOOL does not name the kpi command")
    result = subprocess.run([KPI, sub, "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    options = []
    for line in result.stdout.splitlines():
        m = re.match(r"^\s+(?:(-\w), )?(--[\w-]+)", line)
        if m:
            options += [o for o in m.groups() if o]
    assert "--help" in options, result.stdout
    return options


def mentions(text, option):
    return re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(option), text) is not None


def described_options(text):
    """The tag lines of the OPTIONS section (such as '-o FILE, --output=FILE'),
    the options a reader finds described there, not just named in passing."""
    section = re.search(r"^OPTIONS\n(.*?)^\S", text, re.M | re.S)
    assert section, "no OPTIONS section"
    return [line.strip() for line in section.group(1).splitlines()
            if re.match(r"^ {7}-", line)]


@pytest.mark.parametrize("sub", SUBCOMMANDS)
def test_page_lists_every_option_of_help(sub):
    text, _ = render("kpi-%s.1" % sub)
    options = help_options(sub)
    tags = described_options(text)
    missing = [o for o in options if not any(mentions(tag, o) for tag in tags)]
    assert missing == [], "kpi-%s.1 does not describe %s" % (sub, ", ".join(missing))
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS",
                    "EXAMPLES", "SEE ALSO"):
        assert re.search(r"^%s$" % section, text, re.M), "kpi-%s.1 has no %s" % (sub, section)
    see_also = text[text.index("\nSEE ALSO\n"):]
    assert "kpi(1)" in see_also


def test_eval_options_are_really_checked():
    # the check above is not vacuous: eval has a dozen options, among them
    # two that share a prefix (--to, --tz, --time)
    options = help_options("eval")
    assert {"--to", "--tz", "--time", "--expected-lag", "--dataset"} <= set(options)
    assert not mentions("--tzx --tox", "--to")


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_without_warnings(name):
    _, errors = render(name)
    assert errors == ""
    if shutil.which("man") is not None:
        result = subprocess.run(["man", "--warnings", "-l", page_path(name)],
                                capture_output=True, text=True,
                                env=dict(TOOLS_ENV, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""


def test_every_subcommand_has_a_page_seen_from_kpi_1():
    if not KPI:
        pytest.fail("KPI_TOOL does not name the kpi command")
    usage = subprocess.run([KPI, "--help"], capture_output=True, text=True).stdout
    commands = sorted(set(re.findall(r"^  (\w+) ", usage, re.M)) - {"version"})
    assert commands == sorted(SUBCOMMANDS)
    text, _ = render("kpi.1")
    see_also = text[text.index("\nSEE ALSO\n"):]
    for sub in commands:
        assert "kpi-%s(1)" % sub in see_also
