"""
Tests of the out-of-band command-correlation protocol (`cmd_done`, `timmy_hello`).

The commands are run the way the server runs client input: through the `text` inputfunc of
`server/conf/inputfuncs.py` and Evennia's real `cmdhandler`. `EvenniaTest` replaces
`SESSION_HANDLER.data_out` (where every `msg()` to a session ends) by a Mock, so the order of
the recorded calls is the order in which the Portal would get the messages.

Run with `evennia test --settings settings.py .` from the game directory.

"""

from unittest.mock import patch

import evennia
from evennia import CmdSet
from evennia.commands.cmdhandler import CMD_LOGINSTART
from evennia.commands.command import Command as EvenniaCommand
from evennia.server.serversession import ServerSession
from evennia.utils import create
from evennia.utils.test_resources import EvenniaTest

from commands.cmd_done import hello_payload
from commands.command import Command
from server.conf import inputfuncs


class CmdSilent(Command):
    """
    silent

    Usage:
      silent

    Does nothing and prints nothing.
    """

    key = "silent"

    def func(self):
        pass


class CmdBroken(Command):
    """
    broken

    Usage:
      broken

    Raises an error.
    """

    key = "broken"

    def func(self):
        raise ValueError("broken on purpose")


class CmdSlow(Command):
    """
    slow

    Usage:
      slow

    Prints, waits five seconds, prints again.
    """

    key = "slow"

    def func(self):
        self.msg("slow: started")
        yield 5
        self.msg("slow: finished")


class CmdSlowBroken(Command):
    """
    slowbroken

    Usage:
      slowbroken

    Waits, then raises an error.
    """

    key = "slowbroken"

    def func(self):
        self.msg("slowbroken: started")
        yield 5
        raise ValueError("broken after a delay")


class CmdBadYield(Command):
    """
    badyield

    Usage:
      badyield

    Yields something Evennia does not accept.
    """

    key = "badyield"

    def func(self):
        yield None


class CmdAsk(Command):
    """
    ask

    Usage:
      ask

    Asks a question and answers the answer.
    """

    key = "ask"

    def func(self):
        answer = yield "Really? [Y]/N"
        self.msg(f"ask: you said {answer}")


class CmdAskPlain(EvenniaCommand):
    """
    askplain

    Usage:
      askplain

    Like ask, but not derived from this game's Command class.
    """

    key = "askplain"

    def func(self):
        answer = yield "Plainly? [Y]/N"
        self.msg(f"askplain: you said {answer}")


class CmdNested(Command):
    """
    nested

    Usage:
      nested

    Runs look through the session, as if the client had sent it.
    """

    key = "nested"

    def func(self):
        self.session.execute_cmd("look")
        self.msg("nested: done")


class ProtocolTestCmdSet(CmdSet):
    key = "protocol_test_cmdset"

    def at_cmdset_creation(self):
        for cmdclass in (
            CmdSilent,
            CmdBroken,
            CmdSlow,
            CmdSlowBroken,
            CmdBadYield,
            CmdAsk,
            CmdAskPlain,
            CmdNested,
        ):
            self.add(cmdclass())


class ProtocolTestMixin:
    """Helpers to read what was sent and to run delayed calls by hand."""

    def start_recording(self):
        """Forget what was sent so far and capture the calls scheduled for later."""
        evennia.SESSION_HANDLER.data_out.reset_mock()
        self.soon = []  # cmd_done's "next reactor turn" calls
        self.delayed = []  # utils.delay (yield <seconds>)
        self.deferred = []  # deferLater (continuing after an answer)
        for target, store in (
            ("commands.cmd_done._call_soon", self.soon),
            ("evennia.utils.utils.delay", self.delayed),
            ("evennia.commands.cmdhandler.deferLater", self.deferred),
        ):
            patcher = patch(target, side_effect=self._recorder(store))
            patcher.start()
            self.addCleanup(patcher.stop)

    @staticmethod
    def _recorder(store):
        def record(*args, **kwargs):
            store.append((args, kwargs))

        return record

    def run_soon(self):
        """Run the calls cmd_done scheduled for the next reactor turn."""
        while self.soon:
            (func, *args), _ = self.soon.pop(0)
            func(*args)

    def run_delayed(self):
        """Let the time of a `yield <seconds>` pass."""
        while self.delayed:
            (_seconds, callback, *args), kwargs = self.delayed.pop(0)
            callback(*args, **kwargs)
        self.run_soon()

    def run_deferred(self):
        """Run what Evennia scheduled with deferLater (a command continuing after an answer)."""
        while self.deferred:
            (_reactor, _seconds, callback, *args), kwargs = self.deferred.pop(0)
            callback(*args, **kwargs)
        self.run_soon()

    def sent(self, session):
        """
        Everything sent to a session, in order.

        Returns:
            list: `(name, value)` pairs; name is "text", "cmd_done", "timmy_hello", ...

        """
        out = []
        for _name, args, kwargs in evennia.SESSION_HANDLER.data_out.mock_calls:
            if args and args[0] is session:
                out.extend((key, value) for key, value in kwargs.items() if key != "options")
        return out

    def texts(self, session):
        """The text messages sent to a session, as strings."""
        return [
            value[0] if isinstance(value, tuple) else value
            for key, value in self.sent(session)
            if key == "text"
        ]

    def markers(self, session):
        """The cmd_done payloads sent to a session."""
        return [value for key, value in self.sent(session) if key == "cmd_done"]

    def assert_marker_last(self, session, **expected):
        """The last message sent is a cmd_done marker containing `expected`."""
        sent = self.sent(session)
        self.assertTrue(sent, "nothing was sent")
        name, value = sent[-1]
        self.assertEqual(name, "cmd_done", f"last message was {sent[-1]}")
        for key, val in expected.items():
            self.assertEqual(value.get(key), val, f"{key} in {value}")
        return value


class TestCmdDoneLoggedIn(ProtocolTestMixin, EvenniaTest):
    """cmd_done for a logged-in, puppeting session."""

    def setUp(self):
        super().setUp()
        if self.session.puppet is not self.char1:
            self.account.puppet_object(self.session, self.char1)
        self.char1.cmdset.add(ProtocolTestCmdSet, persistent=False)
        self.start_recording()

    def test_look_sends_its_output_then_cmd_done_with_the_clients_id(self):
        inputfuncs.text(self.session, "look", cmdid=7)
        self.assertTrue(any("Room" in text for text in self.texts(self.session)))
        marker = self.assert_marker_last(self.session, cmdid=7, command="look", ok=True)
        self.assertNotIn("error", marker)
        self.assertEqual(len(self.markers(self.session)), 1)

    def test_unknown_command_sends_the_error_then_a_failed_cmd_done(self):
        inputfuncs.text(self.session, "xyzzy", cmdid=8)
        texts = self.texts(self.session)
        self.assertEqual(len(texts), 1)
        self.assertTrue(texts[0].startswith("Command 'xyzzy' is not available."))
        self.assert_marker_last(self.session, cmdid=8, command="xyzzy", ok=False, error="nomatch")

    def test_unknown_command_error_still_carries_the_cmdid_in_its_text_kwargs(self):
        inputfuncs.text(self.session, "xyzzy", cmdid=9)
        text = next(value for key, value in self.sent(self.session) if key == "text")
        self.assertEqual(text[1], {"cmdid": 9})

    def test_unknown_command_suggests_close_commands_as_evennia_does(self):
        inputfuncs.text(self.session, "lok", cmdid=1)
        self.assertIn('Maybe you meant "look"', self.texts(self.session)[0])

    def test_ambiguous_command_reports_multimatch(self):
        create.create_object(
            self.exit_typeclass, key="out", location=self.room1, destination=self.room1
        )
        inputfuncs.text(self.session, "out", cmdid=10)
        self.assertEqual(self.char1.location, self.room1)
        self.assertTrue(self.texts(self.session))
        self.assert_marker_last(self.session, cmdid=10, ok=False, error="multimatch")

    def test_exit_traversal_sends_cmd_done_after_arriving(self):
        inputfuncs.text(self.session, "out", cmdid=11)
        self.assertEqual(self.char1.location, self.room2)
        self.assertTrue(any("Room2" in text for text in self.texts(self.session)))
        self.assert_marker_last(self.session, cmdid=11, command="out", ok=True)

    def test_idle_prints_nothing_but_gets_cmd_done(self):
        inputfuncs.text(self.session, "idle", cmdid=12)
        self.assertEqual(
            self.sent(self.session),
            [
                ("cmd_start", {"cmdid": 12, "command": "idle"}),
                ("cmd_done", {"cmdid": 12, "command": "idle", "ok": True}),
            ],
        )

    def test_silent_command_gets_cmd_done_alone(self):
        inputfuncs.text(self.session, "silent", cmdid="s-1")
        self.assertEqual(
            self.sent(self.session),
            [
                ("cmd_start", {"cmdid": "s-1", "command": "silent"}),
                ("cmd_done", {"cmdid": "s-1", "command": "silent", "ok": True}),
            ],
        )

    def test_command_can_come_as_a_kwarg_as_gmcp_core_text_sends_it(self):
        inputfuncs.text(self.session, command="look", cmdid=13)
        self.assertTrue(any("Room" in text for text in self.texts(self.session)))
        self.assert_marker_last(self.session, cmdid=13, command="look", ok=True)

    def test_arg_wins_over_the_command_kwarg(self):
        inputfuncs.text(self.session, "silent", command="look", cmdid=14)
        self.assertEqual(self.texts(self.session), [])
        self.assert_marker_last(self.session, command="silent")

    def test_cmd_start_comes_before_any_output_of_the_command(self):
        inputfuncs.text(self.session, "look", cmdid=21)
        names = [name for name, _ in self.sent(self.session)]
        self.assertEqual(names[0], "cmd_start")
        self.assertEqual(self.sent(self.session)[0][1], {"cmdid": 21, "command": "look"})
        self.assertIn("text", names[1:-1])
        self.assertEqual(names[-1], "cmd_done")

    def test_line_without_cmdid_gets_a_null_id_and_no_line_break(self):
        inputfuncs.text(self.session, "silent\n")
        self.assert_marker_last(self.session, cmdid=None, command="silent", ok=True)

    def test_text_message_without_a_line_reports_nocommand(self):
        inputfuncs.text(self.session, cmdid=15)
        self.assert_marker_last(self.session, cmdid=15, command=None, ok=False, error="nocommand")

    def test_cmdid_is_set_on_the_command_instance_as_in_stock_evennia(self):
        seen = {}
        original = CmdSilent.func

        def func(cmd):
            seen["cmdid"] = cmd.cmdid
            return original(cmd)

        with patch.object(CmdSilent, "func", func):
            inputfuncs.text(self.session, "silent", cmdid=16)
        self.assertEqual(seen, {"cmdid": 16})

    def test_nicks_still_apply(self):
        self.char1.nicks.add("gaze", "look", category="inputline")
        inputfuncs.text(self.session, "gaze", cmdid=17)
        self.assertTrue(any("Room" in text for text in self.texts(self.session)))
        self.assert_marker_last(self.session, cmdid=17, command="gaze", ok=True)

    def test_command_error_is_reported_before_a_failed_cmd_done(self):
        with patch("evennia.commands.cmdhandler.logger"):
            inputfuncs.text(self.session, "broken", cmdid=18)
        self.assertTrue(any("untrapped error" in text for text in self.texts(self.session)))
        self.assert_marker_last(self.session, cmdid=18, ok=False, error="exception")

    def test_delayed_command_gets_cmd_done_only_after_it_finishes(self):
        inputfuncs.text(self.session, "slow", cmdid=19)
        self.assertEqual(self.texts(self.session), ["slow: started"])
        self.assertEqual(self.markers(self.session), [])
        self.run_delayed()
        self.assertEqual(self.texts(self.session), ["slow: started", "slow: finished"])
        self.assert_marker_last(self.session, cmdid=19, command="slow", ok=True)
        self.assertEqual(len(self.markers(self.session)), 1)

    def test_commands_sent_during_a_delay_get_their_own_markers_in_order(self):
        inputfuncs.text(self.session, "slow", cmdid=20)
        inputfuncs.text(self.session, "silent", cmdid=21)
        self.run_delayed()
        self.assertEqual([m["cmdid"] for m in self.markers(self.session)], [21, 20])

    def test_error_after_a_delay_gives_a_failed_cmd_done(self):
        inputfuncs.text(self.session, "slowbroken", cmdid=22)
        self.assertEqual(self.markers(self.session), [])
        with self.assertRaises(ValueError):
            self.run_delayed()
        self.run_soon()
        self.assert_marker_last(self.session, cmdid=22, ok=False, error="exception")

    def test_yield_of_an_unusable_value_ends_with_a_failed_cmd_done(self):
        with patch("evennia.commands.cmdhandler.logger"):
            inputfuncs.text(self.session, "badyield", cmdid=32)
        self.assert_marker_last(self.session, cmdid=32, ok=False, error="exception")

    def test_question_gets_cmd_done_awaiting_input_after_the_question(self):
        inputfuncs.text(self.session, "ask", cmdid=23)
        self.assertEqual(self.texts(self.session), ["Really? [Y]/N"])
        self.assert_marker_last(self.session, cmdid=23, ok=True, awaiting_input=True)

    def test_answer_gets_cmd_done_after_the_commands_reaction(self):
        inputfuncs.text(self.session, "ask", cmdid=24)
        inputfuncs.text(self.session, "yes", cmdid=25)
        # Evennia continues the command on the next reactor turn: no marker yet.
        self.assertEqual([m["cmdid"] for m in self.markers(self.session)], [24])
        self.run_deferred()
        self.assertEqual(self.texts(self.session)[-1], "ask: you said yes")
        marker = self.assert_marker_last(self.session, cmdid=25, command="yes", ok=True)
        self.assertNotIn("awaiting_input", marker)

    def test_answer_to_a_command_without_the_mixin_also_waits_for_the_reaction(self):
        inputfuncs.text(self.session, "askplain", cmdid=26)
        self.assert_marker_last(self.session, cmdid=26, awaiting_input=True)
        inputfuncs.text(self.session, "no", cmdid=27)
        self.run_deferred()
        self.assertEqual(self.texts(self.session)[-1], "askplain: you said no")
        self.assert_marker_last(self.session, cmdid=27, command="no", ok=True)

    def test_idle_keepalive_does_not_answer_a_question(self):
        inputfuncs.text(self.session, "ask", cmdid=28)
        inputfuncs.text(self.session, "idle", cmdid=29)
        inputfuncs.text(self.session, "sure", cmdid=30)
        self.run_deferred()
        self.assertEqual(self.texts(self.session)[-1], "ask: you said sure")
        self.assertEqual([m["cmdid"] for m in self.markers(self.session)], [28, 29, 30])

    def test_line_injected_by_a_running_command_gets_no_marker_of_its_own(self):
        inputfuncs.text(self.session, "nested", cmdid=31)
        self.assertEqual(self.texts(self.session)[-1], "nested: done")
        self.assertEqual(
            self.markers(self.session), [{"cmdid": 31, "command": "nested", "ok": True}]
        )
        self.assert_marker_last(self.session, cmdid=31)


class TestCmdDoneUnloggedIn(ProtocolTestMixin, EvenniaTest):
    """cmd_done and timmy_hello for a session at the connection screen."""

    def setUp(self):
        super().setUp()
        self.start_recording()
        dummy = ServerSession()
        dummy.init_session("telnet", ("localhost", "testmode"), evennia.SESSION_HANDLER)
        dummy.sessid = 2
        with patch("evennia.server.sessionhandler.delay"):
            evennia.SESSION_HANDLER.portal_connect(dummy.get_sync_data())
        self.guest = evennia.SESSION_HANDLER.session_from_sessid(2)

    def tearDown(self):
        # before EvenniaTest deletes the accounts, which would disconnect a logged-in session
        evennia.SESSION_HANDLER.pop(2, None)
        super().tearDown()

    def test_connection_screen_is_followed_by_timmy_hello_and_no_cmd_done(self):
        inputfuncs.text(self.guest, CMD_LOGINSTART)
        sent = self.sent(self.guest)
        self.assertEqual([name for name, _ in sent], ["text", "timmy_hello"])
        self.assertIn("connect", sent[0][1])
        self.assertEqual(sent[1][1], hello_payload())

    def test_look_shows_the_screen_hello_and_then_cmd_done(self):
        inputfuncs.text(self.guest, "look", cmdid=1)
        names = [name for name, _ in self.sent(self.guest)]
        self.assertEqual(names, ["cmd_start", "text", "timmy_hello", "cmd_done"])
        self.assert_marker_last(self.guest, cmdid=1, command="look", ok=True)

    def test_unknown_command_before_login_reports_nomatch(self):
        inputfuncs.text(self.guest, "dance", cmdid=2)
        self.assertTrue(self.texts(self.guest)[0].startswith("Command 'dance' is not available."))
        self.assert_marker_last(self.guest, cmdid=2, ok=False, error="nomatch")

    def test_create_asks_then_the_answer_gets_cmd_done_after_the_new_account_reply(self):
        inputfuncs.text(self.guest, "create Newbie Gl1tterT0ad!", cmdid=3)
        self.assertIn("Is this what you intended?", self.texts(self.guest)[-1])
        self.assert_marker_last(self.guest, cmdid=3, ok=True, awaiting_input=True)
        inputfuncs.text(self.guest, "y", cmdid=4)
        self.run_deferred()
        self.assertIn("A new account 'Newbie' was created", self.texts(self.guest)[-1])
        self.assert_marker_last(self.guest, cmdid=4, command="y", ok=True)

    def test_connect_logs_in_then_hello_then_cmd_done(self):
        login = evennia.SESSION_HANDLER.login

        def login_without_portal(session, account, **kwargs):
            return login(session, account, testmode=True)

        with patch.object(evennia.SESSION_HANDLER, "login", side_effect=login_without_portal):
            inputfuncs.text(self.guest, "connect TestAccount2 testpassword", cmdid=5)
        names = [name for name, _ in self.sent(self.guest)]
        self.assertIn("logged_in", names)
        self.assertLess(names.index("logged_in"), names.index("timmy_hello"))
        self.assert_marker_last(self.guest, cmdid=5, ok=True)


class TestTimmyHelloAtLogin(ProtocolTestMixin, EvenniaTest):
    """The account typeclass announces the protocol after login."""

    def test_post_login_sends_timmy_hello_after_logged_in(self):
        self.start_recording()
        self.account.at_post_login(session=self.session)
        names = [name for name, _ in self.sent(self.session)]
        self.assertIn("logged_in", names)
        self.assertEqual(names[-1], "timmy_hello")
        self.assertEqual(self.sent(self.session)[-1][1], hello_payload())
