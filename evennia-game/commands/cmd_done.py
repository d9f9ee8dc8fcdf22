"""
Command-done tracking: the machinery behind Timmy's out-of-band `cmd_done` marker.

The wire protocol is documented in `server/conf/inputfuncs.py`; this module holds the parts
that the `text` inputfunc, the command classes and the account typeclass share:

- `CmdDoneTracker`: one per command input. It knows the session, the client's `cmdid` and the
  raw input line, collects failure information and sends the marker exactly once.
- `run_tracked()`: runs one input line through Evennia's `cmdhandler` and sends the marker when
  the Deferred returned by `cmdhandler` fires - unless a command that `yield`s still holds it.
- `GeneratorWatch`: wraps the generator of a command whose `func` uses `yield`, so the marker
  waits for the end of the command (after `yield <seconds>`) and, after `yield "question"`, is
  sent once the question is shown; the input that answers the question gets its own marker
  once the command has reacted to the answer.
- `watch_command()` / `unwatch_command()`: used by `commands.command.CmdDoneMixin`.
- `send_hello()`: the `timmy_hello` capability message.

Not an inputfunc module: classes and functions defined here never become inputfuncs.

"""

import types

from django.conf import settings
from evennia.commands import cmdhandler as _cmdhandler_module
from evennia.commands.cmdhandler import cmdhandler
from evennia.commands.command import InterruptCommand
from twisted.internet import reactor
from twisted.python.failure import Failure

PROTOCOL_VERSION = 1
FEATURES = ("cmd_done", "cmd_start")

# Out-of-band message names (GMCP: Cmd.Start, Cmd.Done and Timmy.Hello).
CMD_START = "cmd_start"
CMD_DONE = "cmd_done"
TIMMY_HELLO = "timmy_hello"

# Values of the `error` field of cmd_done.
ERROR_NOCOMMAND = "nocommand"
ERROR_NOMATCH = "nomatch"
ERROR_MULTIMATCH = "multimatch"
ERROR_EXCEPTION = "exception"

# Keyword given to `cmdhandler`; Evennia sets it as an attribute on the Command instance.
TRACKER_KWARG = "cmd_done_tracker"

# Attribute marking our replacement of a command instance's `func`.
_ORIGINAL_FUNC = "_cmd_done_original_func"

# The callback Evennia gives `get_input` when a command yields a question (private in 5.0.1;
# looked up defensively so a renamed helper only disables the feature that depends on it).
_PROCESS_INPUT = getattr(_cmdhandler_module, "_process_input", None)


def _call_soon(func, *args):
    """
    Call `func` on the next reactor turn, after the code running now has finished.

    Args:
        func (callable): What to call.
        *args: Arguments to `func`.

    """
    reactor.callLater(0, func, *args)


def send_hello(session):
    """
    Send the `timmy_hello` capability message to one session.

    Args:
        session (Session or None): The session to greet; nothing happens if `None`.

    """
    if session is not None:
        session.msg(**{TIMMY_HELLO: hello_payload()})


def hello_payload():
    """
    The kwargs of `timmy_hello`.

    Returns:
        dict: `protocol`, `features`, and `max_command_rate` (inputs per second the Portal accepts
            from one session; clients keep below it).

    """
    return {
        "protocol": PROTOCOL_VERSION,
        "features": list(FEATURES),
        "max_command_rate": settings.MAX_COMMAND_RATE,
    }


def pop_tracker(cmd):
    """
    Take the tracker `cmdhandler` put on a command instance.

    The attribute is removed so that a command instance that is reused (system commands and
    `retain_instance` commands are not copied per call) cannot act on a stale tracker later.

    Args:
        cmd (Command): The running command.

    Returns:
        CmdDoneTracker or None: The tracker of the input being run, if any.

    """
    return vars(cmd).pop(TRACKER_KWARG, None)


class CmdDoneTracker:
    """
    Tracks one command input and sends its `cmd_done` marker exactly once.

    The marker is sent when both hold: the `cmdhandler` Deferred has fired (`handler_finished`)
    and no yielding command holds the marker back (`hold`/`release`).

    Args:
        session (ServerSession): The session that sent the input; the marker goes only there.
        cmdid (any): The id the client sent (JSON value), or `None`.
        command (str or None): The raw input line as the client sent it, without line break.

    """

    def __init__(self, session, cmdid, command):
        self.session = session
        self.cmdid = cmdid
        self.command = command
        self.error = None
        self.awaiting_input = False
        self.handler_done = False
        self.held = False
        self.sent = False

    def start(self):
        """
        Send the `cmd_start` marker: the server begins this input now. Output that reached the
        client before it (another character's arrival, a channel message) is not this command's.

        """
        self.session.msg(**{CMD_START: {"cmdid": self.cmdid, "command": self.command}})

    def fail(self, error):
        """
        Record that the input failed; the first recorded reason wins.

        Args:
            error (str): One of the `ERROR_*` values.

        """
        if self.error is None:
            self.error = error

    def hold(self):
        """Keep the marker back until `release` (a yielding command is still working)."""
        self.held = True

    def release(self):
        """
        Let the marker go: the command's output for this input is complete.

        If the `cmdhandler` Deferred has already fired we are running from a delayed call or an
        answered question, and Evennia still has work to do on this call stack (`at_post_cmd`,
        showing the next question), so the marker is sent on the next reactor turn.

        """
        self.held = False
        if self.handler_done and not self.sent:
            _call_soon(self.send)

    def handler_finished(self, result=None):
        """
        Callback for the Deferred returned by `cmdhandler`.

        Args:
            result (any or Failure): What the Deferred fired with.

        Returns:
            any: `result`, unchanged, so Evennia's own error logging is not affected.

        """
        if isinstance(result, Failure):
            self.fail(ERROR_EXCEPTION)
        self.handler_done = True
        if not self.held:
            self.send()
        return result

    def payload(self):
        """
        Build the marker's keyword arguments.

        Returns:
            dict: `cmdid`, `command`, `ok`, and `error` / `awaiting_input` when they apply.

        """
        data = {"cmdid": self.cmdid, "command": self.command, "ok": self.error is None}
        if self.error is not None:
            data["error"] = self.error
        if self.awaiting_input:
            data["awaiting_input"] = True
        return data

    def send(self):
        """Send the marker to the session (only the first call does anything)."""
        if self.sent:
            return
        self.sent = True
        self.session.msg(**{CMD_DONE: self.payload()})


class GeneratorWatch:
    """
    Wraps the generator of a command whose `func` uses `yield`.

    Evennia drives the generator itself (`cmdhandler._progressive_cmd_run`, with `next()` after
    `yield <seconds>` and `send(answer)` after `yield "question"`); the watch passes every step
    through and tells the tracker of the input the step belongs to when that input's output is
    complete. After a question, the input that answers it takes over (`run_tracked`).

    Args:
        generator (generator): The command's generator.
        tracker (CmdDoneTracker): Tracker of the input that the next step belongs to.

    """

    def __init__(self, generator, tracker):
        self.generator = generator
        self.tracker = tracker
        self.session = tracker.session

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def send(self, response):
        """
        Run the command up to its next `yield`, or to its end.

        Args:
            response (any): The answer to a question, or `None`.

        Returns:
            any: What the command yielded.

        Raises:
            StopIteration: The command finished.
            Exception: Whatever the command raised.

        """
        tracker = self.tracker
        try:
            value = self.generator.send(response)
        except (StopIteration, InterruptCommand):
            self._release(tracker)
            raise
        except Exception:
            if tracker is not None:
                tracker.fail(ERROR_EXCEPTION)
            self._release(tracker)
            raise
        if isinstance(value, str):
            # Evennia shows the question (get_input) right after this returns; the marker of the
            # current input follows it, and the next input line answers the question.
            if tracker is not None:
                tracker.awaiting_input = True
            put_question(self.session, self)
            self._release(tracker)
        elif isinstance(value, (int, float)):
            # `yield <seconds>`: the command continues later.
            if tracker is not None:
                tracker.hold()
        else:
            # Evennia refuses anything else with a ValueError; the command ends here.
            if tracker is not None:
                tracker.fail(ERROR_EXCEPTION)
            self._release(tracker)
        return value

    def close(self):
        """Close the wrapped generator (generator protocol)."""
        self.generator.close()

    @staticmethod
    def _release(tracker):
        if tracker is not None:
            tracker.release()


def _drive(watch):
    """
    Present a `GeneratorWatch` as a real generator.

    `cmdhandler` only runs a command progressively if its `func` returned a true generator
    (`isinstance(ret, types.GeneratorType)`), so the watch is wrapped in one.

    Args:
        watch (GeneratorWatch): The watch to drive.

    Yields:
        any: What the command yields.

    """
    response = None
    while True:
        try:
            value = watch.send(response)
        except StopIteration:
            return
        response = yield value


def watch_command(cmd, tracker):
    """
    Replace a running command instance's `func` so its outcome reaches the tracker.

    Exceptions mark the input as failed; a generator (a `func` using `yield`) is wrapped in a
    `GeneratorWatch`. Only the instance is changed (Evennia runs a copy per input).

    Args:
        cmd (Command): The command about to run.
        tracker (CmdDoneTracker): The tracker of the input being run.

    """
    unwatch_command(cmd)
    original = cmd.func

    def func():
        try:
            ret = original()
        except InterruptCommand:
            raise
        except Exception:
            tracker.fail(ERROR_EXCEPTION)
            raise
        if isinstance(ret, types.GeneratorType):
            return _drive(GeneratorWatch(ret, tracker))
        return ret

    setattr(func, _ORIGINAL_FUNC, vars(cmd).get("func"))
    cmd.func = func


def unwatch_command(cmd):
    """
    Undo `watch_command` on a command instance (for instances Evennia reuses).

    Args:
        cmd (Command): The command instance.

    """
    func = vars(cmd).get("func")
    if func is not None and hasattr(func, _ORIGINAL_FUNC):
        original = getattr(func, _ORIGINAL_FUNC)
        if original is None:
            del cmd.func
        else:
            cmd.func = original


def put_question(session, watch):
    """
    Remember that a yielding command on this session waits for an answer.

    Args:
        session (ServerSession): The session the question was asked on.
        watch (GeneratorWatch): The waiting command.

    """
    session.ndb._cmd_done_question = watch


def take_question(session):
    """
    Take (and forget) the waiting command of a session.

    Args:
        session (ServerSession): The session.

    Returns:
        GeneratorWatch or None: The command waiting for an answer, if any.

    """
    watch = session.ndb._cmd_done_question
    if watch is not None:
        session.ndb._cmd_done_question = None
    return watch


def pending_prompt(session):
    """
    Find the `get_input` prompt (`evennia.utils.evmenu.get_input`) waiting on a session.

    Args:
        session (ServerSession): The session.

    Returns:
        object or None: The prompt holder (`ndb._getinput` of the puppet, account or session).

    """
    for holder in (session.puppet, session.account, session):
        if holder is not None:
            prompt = holder.ndb._getinput
            if prompt is not None:
                return prompt
    return None


def _watch_plain_question(session, prompt, tracker):
    """
    Take over a question asked by a yielding command that does not use `CmdDoneMixin`.

    Evennia 5.0.1 keeps such a command's generator in the prompt's keyword arguments; replacing
    it by a `GeneratorWatch` lets the answer's marker wait for the command's reaction.

    Args:
        session (ServerSession): The session that was asked.
        prompt (object): The new `ndb._getinput` prompt holder.
        tracker (CmdDoneTracker): Tracker of the input that asked.

    """
    if _PROCESS_INPUT is None or getattr(prompt, "_callback", None) is not _PROCESS_INPUT:
        return
    kwargs = getattr(prompt, "_kwargs", None)
    generator = kwargs.get("generator") if isinstance(kwargs, dict) else None
    if isinstance(generator, types.GeneratorType):
        watch = GeneratorWatch(generator, tracker)
        kwargs["generator"] = watch
        put_question(session, watch)


def in_tracked_input(session):
    """
    Tell whether this session is inside a tracked input already (an input injected by a running
    command with `session.execute_cmd` belongs to the outer input and gets no marker).

    Args:
        session (ServerSession): The session.

    Returns:
        bool: True while a tracked input of this session runs.

    """
    return bool(session.ndb._cmd_done_depth)


def run_tracked(session, txt, tracker, **kwargs):
    """
    Run one input line as a command and send its `cmd_done` marker after its output.

    Args:
        session (ServerSession): The session that sent the line.
        txt (str): The line after nick replacement.
        tracker (CmdDoneTracker): The input's tracker.
        **kwargs: Passed on to `cmdhandler` (Evennia sets them on the Command instance).

    Returns:
        Deferred: The Deferred of `cmdhandler`.

    """
    question = take_question(session)
    before = pending_prompt(session)
    if question is not None and before is not None:
        # This line answers a question asked by a yielding command: the command's reaction
        # (run by Evennia on the next reactor turn) is this input's output.
        question.tracker = tracker
        tracker.hold()
    else:
        question = None

    session.ndb._cmd_done_depth = (session.ndb._cmd_done_depth or 0) + 1
    try:
        deferred = cmdhandler(
            session,
            txt,
            callertype="session",
            session=session,
            **{TRACKER_KWARG: tracker},
            **kwargs,
        )
    finally:
        session.ndb._cmd_done_depth -= 1

    def _finished(result):
        after = pending_prompt(session)
        if question is not None and after is before:
            # The line did not reach the question after all (it is still waiting).
            question.tracker = None
            put_question(session, question)
            tracker.release()
        elif after is not None and after is not before:
            # This input asked a question (get_input): the client must answer next.
            tracker.awaiting_input = True
            if session.ndb._cmd_done_question is None:
                _watch_plain_question(session, after, tracker)
        return tracker.handler_finished(result)

    deferred.addBoth(_finished)
    return deferred
