"""
Tests of this game's commands, run one by one with `EvenniaCommandTest.call`.

The end-to-end `cmd_done` protocol (through the `text` inputfunc) is tested in
`server/conf/tests.py`.

"""

import evennia
from django.conf import settings
from evennia.commands.cmdhandler import CMD_LOGINSTART, CMD_MULTIMATCH, CMD_NOMATCH
from evennia.commands.default.muxcommand import MuxCommand as BaseMuxCommand
from evennia.utils.test_resources import EvenniaCommandTest

from commands import default_cmdsets, syscommands, unloggedin
from commands.cmd_done import TRACKER_KWARG, CmdDoneTracker, hello_payload
from commands.command import CmdDoneMixin, Command, MuxCommand, cmd_done_bases


class CmdWait(Command):
    """
    wait

    Usage:
      wait

    Waits a moment.
    """

    key = "wait"

    def func(self):
        self.msg("waiting")
        yield 1
        self.msg("waited")


class TestSystemCommands(EvenniaCommandTest):
    """The no-match and multi-match system commands."""

    def test_nomatch_prints_evennias_message(self):
        self.call(
            syscommands.CmdNoMatch(),
            "xyzzy",
            "Command 'xyzzy' is not available. Type \"help\" for help.",
            cmdstring=CMD_NOMATCH,
        )

    def test_nomatch_marks_the_inputs_tracker_as_failed(self):
        tracker = CmdDoneTracker(self.session, 1, "xyzzy")
        cmd = syscommands.CmdNoMatch()
        setattr(cmd, TRACKER_KWARG, tracker)
        self.call(cmd, "xyzzy", "Command 'xyzzy' is not available.", cmdstring=CMD_NOMATCH)
        self.assertEqual(tracker.error, "nomatch")
        self.assertFalse(hasattr(cmd, TRACKER_KWARG))

    def test_multimatch_lists_the_matching_commands(self):
        first, second = CmdWait(), CmdWait()
        cmd = syscommands.CmdMultiMatch()
        cmd.matches = [("wait", "", first, 4, 1.0, "wait"), ("wait", "", second, 4, 1.0, "wait")]
        tracker = CmdDoneTracker(self.session, 2, "wait")
        setattr(cmd, TRACKER_KWARG, tracker)
        self.call(cmd, "There were multiple matches.", "More than one match for 'wait'")
        self.assertEqual(tracker.error, "multimatch")

    def test_system_commands_are_hidden_from_help(self):
        self.assertFalse(syscommands.CmdNoMatch.auto_help)
        self.assertFalse(syscommands.CmdMultiMatch.auto_help)

    def test_cmdsets_contain_the_system_commands(self):
        for cmdset_class in (default_cmdsets.AccountCmdSet, default_cmdsets.UnloggedinCmdSet):
            cmdset = cmdset_class()
            cmdset.at_cmdset_creation()
            self.assertIsInstance(cmdset.get(CMD_NOMATCH), syscommands.CmdNoMatch)
            self.assertIsInstance(cmdset.get(CMD_MULTIMATCH), syscommands.CmdMultiMatch)


class TestUnloggedinCommands(EvenniaCommandTest):
    """The overridden unlogged-in commands."""

    def test_look_shows_the_connection_screen_then_sends_timmy_hello(self):
        # call() mocks the caller's msg but keeps only text, so read the session handler's
        # data_out (a Mock in EvenniaTest) instead.
        evennia.SESSION_HANDLER.data_out.reset_mock()
        cmd = unloggedin.CmdUnconnectedLook()
        cmd.caller = cmd.session = self.session
        cmd.func()
        sent = [kwargs for _, _, kwargs in evennia.SESSION_HANDLER.data_out.mock_calls]
        self.assertIn("connect <username> <password>", sent[0]["text"])
        self.assertEqual(sent[-1]["timmy_hello"], hello_payload())
        self.assertEqual(len(sent), 2)

    def test_hello_announces_the_features_and_the_command_rate_limit(self):
        self.assertEqual(
            hello_payload(),
            {
                "protocol": 1,
                "features": ["cmd_done", "cmd_start"],
                "max_command_rate": settings.MAX_COMMAND_RATE,
            },
        )

    def test_unloggedin_cmdset_uses_the_overrides(self):
        cmdset = default_cmdsets.UnloggedinCmdSet()
        cmdset.at_cmdset_creation()
        self.assertIsInstance(cmdset.get(CMD_LOGINSTART), unloggedin.CmdUnconnectedLook)
        self.assertIsInstance(cmdset.get("create"), unloggedin.CmdUnconnectedCreate)


class TestCmdDoneMixin(EvenniaCommandTest):
    """The mixin changes nothing for commands run without a tracker."""

    def test_yielding_command_runs_normally_without_a_tracker(self):
        # with noansi (the default) call() joins successive messages with "|"
        self.call(CmdWait(), "", "waiting|waited")

    def test_unloggedin_overrides_have_the_mixin(self):
        self.assertTrue(issubclass(unloggedin.CmdUnconnectedCreate, CmdDoneMixin))
        self.assertTrue(issubclass(unloggedin.CmdUnconnectedLook, CmdDoneMixin))

    def test_mixin_can_be_added_whatever_the_default_command_class(self):
        # With COMMAND_DEFAULT_CLASS = "commands.command.MuxCommand" Evennia's commands
        # already inherit the mixin; naming it again must not break the method order.
        already_mixed = type("AlreadyMixed", (MuxCommand,), {})
        for base in (already_mixed, BaseMuxCommand):
            cmdclass = type("Sub", cmd_done_bases(base), {"key": "sub"})
            self.assertEqual(cmdclass.__mro__.count(CmdDoneMixin), 1)

    def test_func_is_restored_on_a_reused_instance(self):
        cmd = CmdWait()
        setattr(cmd, TRACKER_KWARG, CmdDoneTracker(self.session, 3, "wait"))
        cmd.at_pre_cmd()
        self.assertIn("func", vars(cmd))
        cmd.at_pre_cmd()
        self.assertNotIn("func", vars(cmd))
