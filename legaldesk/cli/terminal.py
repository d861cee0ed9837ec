"""The command line's own words in the librarians' language: the help of every command and
option, the usage line, the panels' titles and the errors typer gives for a mistyped
command («Не указан аргумент «ref»», «Нет команды «reqests». Может быть, «requests»?»).

Our messages are translated where they are printed (legaldesk/cli/speech.py). These are
not ours: typer builds the help from the commands' docstrings and ``help=`` texts, and the
click it carries writes its errors as plain English f-strings, with no catalogue to hook.
So :func:`run` takes the command tree typer builds, puts each help text through the web's
catalogue (``make messages`` extracts them with :func:`extract_help`, so a new command's help
shows up untranslated and the catalogue test fails), and runs it in non-standalone mode:
a usage error comes back as its exception, and :func:`error_text` says it in Russian from
the exception's fields (the parameter, the option's name, pydantic's error code), not by
parsing the English sentence where the fields are there to read.

``LEGALDESK_LANG=en`` keeps the English, as for every other message of the command line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import typer
from babel.support import NullTranslations
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

# typer 0.29 carries its own click; these are the classes its commands and errors are made of.
from typer import rich_utils
from typer._click.core import Command, Context, Parameter
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup as Group

from legaldesk.cli.speech import N_, language
from legaldesk.web.catalogues import translations

# typer's own words, read from rich_utils when it draws help and errors (it has no other
# hook for them): the English typer ships and the message each is translated by.
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}
HELP_OPTION = N_("Show this message and exit.")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")


def run(app: typer.Typer, args: list[str] | None = None) -> int:
    """Run the command line in the reader's language; the exit code to leave with."""
    t = translations(language())
    command = typer.main.get_command(app)
    speak(command, t)
    try:
        with typer_words(t):
            result = command.main(args=args, prog_name="legaldesk", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        return exc.exit_code  # typer printed the help while making the exception
    except ClickException as exc:
        show_error(exc, t, Console(stderr=True))
        return exc.exit_code
    except typer.Abort:
        Console(stderr=True).print(t.gettext("Aborted."), style="red")
        return 1
    # A command that ends by `raise typer.Exit(code)` returns its code here.
    return result if isinstance(result, int) else 0


@contextmanager
def typer_words(t: NullTranslations) -> Iterator[None]:
    """typer's own words in ``t``'s language while a command runs, its English again after
    (they are module globals: another run in the same process, a test's, must not inherit
    them)."""
    english = {name: getattr(rich_utils, name) for name in TYPER_WORDS}
    for name, message in TYPER_WORDS.items():
        setattr(rich_utils, name, t.gettext(message))
    try:
        yield
    finally:
        for name, value in english.items():
            setattr(rich_utils, name, value)


def speak(command: Command, t: NullTranslations) -> None:
    """Put the help texts of ``command`` and every command under it into ``t``'s language."""
    contexts: dict[type[Context], type[Context]] = {}
    for each in walk(command):
        for owner, attr, text in help_texts(each):
            setattr(owner, attr, t.gettext(text))
        if each.options_metavar:
            each.options_metavar = t.gettext(OPTIONS_METAVAR)
        if isinstance(each, Group):
            each.subcommand_metavar = t.gettext(SUBCOMMAND_METAVAR)
        base = each.context_class
        if base not in contexts:
            contexts[base] = _speaking_context(base, t)
        each.context_class = contexts[base]
        # The help option is made on first use and then kept: make it now, in our words.
        help_option = each.get_help_option(each.context_class(each))
        if help_option is not None:
            help_option.help = t.gettext(HELP_OPTION)


def walk(command: Command) -> Iterator[Command]:
    yield command
    if isinstance(command, Group):
        for sub in command.commands.values():
            yield from walk(sub)


def help_texts(command: Command) -> Iterator[tuple[object, str, str]]:
    """Where ``command`` keeps the texts its help shows, and each text: the command's own
    (its help, short help, epilog) and each parameter's."""
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if text:
            yield command, attr, text
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            yield param, "help", text


def _speaking_context(base: type[Context], t: NullTranslations) -> type[Context]:
    usage = t.gettext("Usage:") + " "

    class Formatter(HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, usage if prefix is None else prefix)

    return type("SpeakingContext", (base,), {"formatter_class": Formatter})


def show_error(exc: ClickException, t: NullTranslations, console: Console) -> None:
    """A usage error as typer draws it (usage, where to find help, the error in a panel),
    in ``t``'s language."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        console.print(escape(ctx.get_usage()), style="bold", highlight=False)
        if ctx.command.get_help_option(ctx) is not None:
            hint = t.gettext("Try '%(command)s' for help.") % {
                "command": f"{ctx.command_path} {ctx.help_option_names[0]}"
            }
            console.print(escape(hint), style="dim", highlight=False)
    console.print(
        Panel(
            escape(error_text(exc, t)),
            border_style="red",
            title=t.gettext("Error"),
            title_align="left",
        )
    )


def error_text(exc: ClickException, t: NullTranslations) -> str:
    """What went wrong, from the exception's fields."""
    _ = t.gettext
    if isinstance(exc, NoSuchOption):
        text = _("There is no option %(option)s.") % {"option": exc.option_name}
        if exc.possibilities:
            text += " " + _("Perhaps: %(options)s?") % {
                "options": ", ".join(sorted(exc.possibilities))
            }
        return text
    if isinstance(exc, MissingParameter):
        name = _param_name(exc.param, exc.param_hint)
        if exc.param is not None and exc.param.param_type_name == "argument":
            return _("The argument '%(name)s' is missing.") % {"name": name}
        return _("The option '%(name)s' is missing.") % {"name": name}
    if isinstance(exc, BadParameter):
        problem = _value_problem(exc, t)
        if exc.param is None and exc.param_hint is None:
            return _("Wrong value: %(problem)s") % {"problem": problem}
        return _("Wrong value of '%(name)s': %(problem)s") % {
            "name": _param_name(exc.param, exc.param_hint),
            "problem": problem,
        }
    if isinstance(exc, UsageError):
        return _usage_text(exc.message, t)
    return exc.format_message()


def _param_name(param: Parameter | None, hint: Any) -> str:
    if hint is not None:
        return hint if isinstance(hint, str) else " / ".join(hint)
    if param is None:
        return "?"
    opts = getattr(param, "opts", None) or []
    if param.param_type_name == "option" and opts:
        return " / ".join(opts)
    return str(param.name)


# pydantic's error codes (typer converts the values typed with pydantic) and what each says.
VALUE_PROBLEMS = {
    "int_parsing": N_("a whole number is needed."),
    "int_type": N_("a whole number is needed."),
    "int_from_float": N_("a whole number is needed."),
    "float_parsing": N_("a number is needed."),
    "float_type": N_("a number is needed."),
    "bool_parsing": N_("yes or no is needed (true / false)."),
    "date_parsing": N_("a date of the form YYYY-MM-DD is needed."),
    "date_from_datetime_parsing": N_("a date of the form YYYY-MM-DD is needed."),
    "datetime_parsing": N_("a date and time are needed."),
    "less_than_equal": N_("at most %(le)s."),
    "less_than": N_("less than %(lt)s."),
    "greater_than_equal": N_("at least %(ge)s."),
    "greater_than": N_("more than %(gt)s."),
    "literal_error": N_("one of %(expected)s is needed."),
    "enum": N_("one of %(expected)s is needed."),
}


def _value_problem(exc: BadParameter, t: NullTranslations) -> str:
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        found = errors()
        if found and found[0].get("type") in VALUE_PROBLEMS:
            values = {k: str(v) for k, v in (found[0].get("ctx") or {}).items()}
            if "expected" in values:
                values["expected"] = values["expected"].replace(" or ", t.gettext(" or "))
            return t.gettext(VALUE_PROBLEMS[found[0]["type"]]) % values
    return exc.message  # our own BadParameter texts are in the reader's language already


# The usage errors that carry no fields but their message, and what each says.
USAGE_TEXTS = [
    (
        re.compile(r"No such command '(?P<name>.*)'\. Did you mean (?P<options>.+)\?$", re.S),
        N_("There is no command '%(name)s'. Perhaps: %(options)s?"),
    ),
    (re.compile(r"No such command '(?P<name>.*)'\.$", re.S), N_("There is no command '%(name)s'.")),
    (re.compile(r"Missing command\.$"), N_("A command is missing.")),
    (
        re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$", re.S),
        N_("Unexpected words: '%(args)s'. Put a phrase of several words in quotes."),
    ),
    (
        re.compile(r"Option '(?P<name>.+)' requires an argument\.$"),
        N_("The option %(name)s needs a value."),
    ),
    (
        re.compile(r"Option '(?P<name>.+)' requires \d+ arguments\.$"),
        N_("The option %(name)s needs more values."),
    ),
    (
        re.compile(r"Option '(?P<name>.+)' does not take a value\.$"),
        N_("The option %(name)s takes no value."),
    ),
]


def _usage_text(message: str, t: NullTranslations) -> str:
    for pattern, text in USAGE_TEXTS:
        found = pattern.match(message)
        if found:
            return t.gettext(text) % found.groupdict()
    return message


def extract_help(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extraction method (babel.cfg): every help text of the command tree, as
    typer shows it. Run on one file only; the tree is the whole command line."""
    from legaldesk.cli import app

    command = typer.main.get_command(app)
    seen: set[str] = set()
    for each in walk(command):
        for _owner, _attr, text in help_texts(each):
            if text not in seen:
                seen.add(text)
                yield 1, "_", text, []
