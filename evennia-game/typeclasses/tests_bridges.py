"""
Tests of the bridge warden's game side: the `board` and `beacon` commands, the routing of their
requests to the warden's session (`world/bridges.py`) and the warden-only inputfuncs
(`server/conf/bridge_inputfuncs.py`).

Run with `evennia test --settings settings.py typeclasses.tests_bridges` from the game directory.

"""

from unittest.mock import patch

import evennia
from django.test import override_settings
from evennia.server.serversession import ServerSession
from evennia.utils import create
from evennia.utils.test_resources import EvenniaCommandTest

from server.conf import bridge_inputfuncs
from typeclasses.bridges import CmdBeacon, CmdBoard
from world import bridges
from world.tags import ROLE_CATEGORY

OFFLINE = "The Repository Board is dark: the Gitea bridge is offline."


def login_session(sessid, account, puppet=None):
    """A logged-in server session for `account` (as EvenniaTest makes session 1)."""
    dummy = ServerSession()
    dummy.init_session("websocket", ("localhost", "testmode"), evennia.SESSION_HANDLER)
    dummy.sessid = sessid
    evennia.SESSION_HANDLER.portal_connect(dummy.get_sync_data())
    session = evennia.SESSION_HANDLER.session_from_sessid(sessid)
    evennia.SESSION_HANDLER.login(session, account, testmode=True)
    if puppet is not None:
        account.puppet_object(session, puppet)
    return session


class WardenTestBase(EvenniaCommandTest):
    """A Repository Board in Room, a Nostr Beacon in Room2, and a provisioned warden logged in."""

    def setUp(self):
        super().setUp()
        bridges.reset()
        if self.session.puppet is not self.char1:
            self.account.puppet_object(self.session, self.char1)
        self.board = create.create_object(
            "typeclasses.bridges.RepositoryBoard", key="Repository Board", location=self.room1
        )
        self.beacon = create.create_object(
            "typeclasses.bridges.NostrBeacon", key="Nostr Beacon", location=self.room2
        )
        self.warden = create.create_account("timmy-warden", None, "a-warden-password-for-tests")
        self.warden.tags.add(bridges.WARDEN_TAG, category=ROLE_CATEGORY)
        self.warden_session = login_session(2, self.warden)
        self.extra_sessions = [self.warden_session]
        delay_patch = patch("world.bridges.delay")
        self.delay = delay_patch.start()
        self.addCleanup(delay_patch.stop)
        evennia.SESSION_HANDLER.data_out.reset_mock()

    def tearDown(self):
        for session in self.extra_sessions:
            evennia.SESSION_HANDLER.pop(session.sessid, None)
        self.warden.delete()
        bridges.reset()
        super().tearDown()

    def sent(self, session, name):
        """The payloads of the out-of-band messages `name` sent to `session`."""
        out = []
        for _name, args, kwargs in evennia.SESSION_HANDLER.data_out.mock_calls:
            if args and args[0] is session and name in kwargs:
                out.append(kwargs[name])
        return out

    def texts(self, session):
        """The texts sent to `session`, as strings."""
        out = []
        for value in self.sent(session, "text"):
            value = value[0] if isinstance(value, (tuple, list)) else value
            out.append(value[0] if isinstance(value, (tuple, list)) else value)
        return [str(text) for text in out]

    def hello(self, *names):
        bridge_inputfuncs.warden_hello(
            self.warden_session, requestId="hello-1", bridges=list(names or ("gitea", "nostr"))
        )

    def last_request(self):
        requests = self.sent(self.warden_session, "bridge_request")
        self.assertTrue(requests, "no bridge_request reached the warden")
        return requests[-1]

    def reply(self, request_id, text, ok=True, session=None):
        bridge_inputfuncs.bridge_reply(
            session or self.warden_session, requestId="reply-1", id=request_id, ok=ok, text=text
        )


class TestWardenRouting(WardenTestBase):
    def test_board_sends_a_request_to_the_warden_session_and_says_the_board_stirs(self):
        self.hello()
        self.call(CmdBoard(), "read #7", "The board stirs...", obj=self.board)
        request = self.last_request()
        self.assertEqual(request["bridge"], "gitea")
        self.assertEqual(request["action"], "read")
        self.assertEqual(request["args"], {"number": 7})
        self.assertTrue(request["id"].startswith("br-"))
        caller = request["caller"]
        self.assertEqual(caller["account"], "TestAccount")
        self.assertEqual(caller["character"], "Char")
        self.assertEqual(caller["dbref"], f"#{self.char1.id}")
        self.assertIn("developer", [perm.lower() for perm in caller["permissions"]])
        self.assertIs(caller["canWrite"], True)
        self.assertIsNotNone(bridges.pending_request(request["id"]))
        self.assertEqual(self.sent(self.session, "bridge_request"), [])

    def test_each_subcommand_becomes_its_action(self):
        self.hello()
        cases = (
            (CmdBoard, self.board, "", "list", {}),
            (CmdBoard, self.board, "file Broken lamp = It flickers.", "file", None),
            (
                CmdBoard,
                self.board,
                "comment 3 = Fixed it",
                "comment",
                {"number": 3, "text": "Fixed it"},
            ),
            (CmdBeacon, self.beacon, "", "recent", {}),
            (CmdBeacon, self.beacon, "post Hello relay", "post", {"text": "Hello relay"}),
            (CmdBeacon, self.beacon, "key", "key", {"character": "Char"}),
            (CmdBeacon, self.beacon, "key Char2", "key", {"character": "Char2"}),
        )
        for cmdclass, obj, args, action, expected in cases:
            with self.subTest(args=args):
                self.call(cmdclass(), args, obj=obj)
                request = self.last_request()
                self.assertEqual(request["action"], action)
                if expected is not None:
                    self.assertEqual(request["args"], expected)
        self.assertEqual(
            self.sent(self.warden_session, "bridge_request")[1]["args"],
            {"title": "Broken lamp", "body": "It flickers."},
        )

    def test_bad_arguments_show_the_usage_and_send_nothing(self):
        self.hello()
        for args in ("read", "read seven", "file no equals sign", "comment x = y", "dance"):
            with self.subTest(args=args):
                self.call(CmdBoard(), args, "Usage: board", obj=self.board)
        self.assertEqual(self.sent(self.warden_session, "bridge_request"), [])

    def test_the_reply_is_shown_to_the_caller_with_markup_escaped(self):
        self.hello()
        self.call(CmdBoard(), "", obj=self.board)
        request = self.last_request()
        self.reply(request["id"], "#1 Broken |rlamp|n\x07")
        self.assertIn("#1 Broken ||rlamp||n", self.texts(self.session))
        ack = self.sent(self.warden_session, "bridge_reply")[-1]
        self.assertEqual(ack, {"requestId": "reply-1", "id": request["id"], "delivered": True})
        self.assertIsNone(bridges.pending_request(request["id"]))

    def test_a_failed_answer_is_shown_as_a_failure(self):
        self.hello()
        self.call(CmdBoard(), "read 99", obj=self.board)
        self.reply(self.last_request()["id"], "No issue #99.", ok=False)
        self.assertIn("The Repository Board flickers: No issue #99.", self.texts(self.session))

    def test_the_reply_reaches_only_the_character_who_asked(self):
        self.hello()
        self.char2.locks.add("puppet:all()")
        other = login_session(3, self.account2, puppet=self.char2)
        self.extra_sessions.append(other)
        self.call(CmdBoard(), "", obj=self.board)
        first = self.last_request()["id"]
        self.call(CmdBoard(), "read 2", caller=self.char2, obj=self.board)
        second = self.last_request()["id"]
        evennia.SESSION_HANDLER.data_out.reset_mock()
        self.reply(second, "Issue two, for Char2.")
        self.assertIn("Issue two, for Char2.", self.texts(other))
        self.assertEqual(self.texts(self.session), [])
        self.assertIsNotNone(bridges.pending_request(first))

    def test_a_caller_gone_offline_is_not_shown_the_reply(self):
        self.hello()
        self.call(CmdBoard(), "", obj=self.board)
        request_id = self.last_request()["id"]
        self.account.unpuppet_object(self.session)
        self.reply(request_id, "Nobody reads this.")
        self.assertIs(self.sent(self.warden_session, "bridge_reply")[-1]["delivered"], False)

    def test_an_unanswered_request_times_out_with_a_message(self):
        self.hello()
        self.call(CmdBoard(), "", obj=self.board)
        request_id = self.last_request()["id"]
        seconds, callback, callback_id = self.delay.call_args.args
        self.assertEqual(seconds, bridges.request_timeout())
        self.assertEqual(callback_id, request_id)
        callback(callback_id)
        self.assertIn(
            f"The Repository Board falls still: the Gitea bridge did not answer within "
            f"{bridges.request_timeout():g} seconds.",
            self.texts(self.session),
        )
        with patch("world.seeding.logger"):
            self.reply(request_id, "Too late.")
        error = self.sent(self.warden_session, "timmy_error")[-1]
        self.assertEqual((error["requestId"], error["code"]), ("reply-1", "invalid"))
        self.assertNotIn("Too late.", self.texts(self.session))

    @override_settings(TIMMY_BRIDGE_TIMEOUT=3)
    def test_the_timeout_comes_from_settings(self):
        self.assertEqual(bridges.request_timeout(), 3.0)

    def test_the_command_waits_for_the_answer(self):
        self.hello()
        cmd = CmdBoard()
        cmd.caller, cmd.obj, cmd.args, cmd.session = self.char1, self.board, "", self.session
        cmd.cmdstring, cmd.raw_string = "board", "board"
        generator = cmd.func()
        self.assertEqual(next(generator), bridges.POLL_SECONDS)
        self.assertEqual(next(generator), bridges.POLL_SECONDS)
        self.reply(self.last_request()["id"], "The answer.")
        with self.assertRaises(StopIteration):
            next(generator)


class TestWardenOffline(WardenTestBase):
    def test_without_a_warden_the_board_says_it_is_offline_and_sends_nothing(self):
        self.call(CmdBoard(), "", OFFLINE, obj=self.board)
        self.call(CmdBoard(), "read 1", OFFLINE, obj=self.board)
        self.call(
            CmdBeacon(),
            "",
            "The Nostr Beacon is dark: the Nostr bridge is offline.",
            obj=self.beacon,
        )
        self.assertEqual(self.sent(self.warden_session, "bridge_request"), [])
        self.assertIn(OFFLINE, self.board.return_appearance(self.char1))

    def test_a_warden_serving_only_nostr_leaves_the_board_offline(self):
        self.hello("nostr")
        self.call(CmdBoard(), "", OFFLINE, obj=self.board)
        self.call(CmdBeacon(), "", "The beacon flickers...", obj=self.beacon)
        self.assertEqual(len(self.sent(self.warden_session, "bridge_request")), 1)

    def test_the_board_goes_offline_when_the_warden_session_is_gone(self):
        self.hello()
        self.assertIn("glows: the Gitea bridge is online", self.board.return_appearance(self.char1))
        evennia.SESSION_HANDLER.pop(self.warden_session.sessid)
        self.call(CmdBoard(), "", OFFLINE, obj=self.board)

    def test_a_new_server_process_finds_the_warden_again(self):
        self.hello()
        bridges.reset()  # a reload: memory is gone, ServerConfig and the sessions stay
        self.assertTrue(bridges.is_online("gitea"))
        self.call(CmdBoard(), "", "The board stirs...", obj=self.board)

    def test_hello_tells_the_rooms_that_the_bridge_is_lit(self):
        self.hello("gitea")
        self.assertIn(
            "The Repository Board glows: the Gitea bridge is online.", self.texts(self.session)
        )
        self.assertEqual(
            self.sent(self.warden_session, "warden_hello")[-1],
            {"requestId": "hello-1", "account": "timmy-warden", "bridges": ["gitea"]},
        )

    def test_hello_with_unknown_bridges_is_invalid(self):
        for value in (["gitea", "ftp"], [], "gitea", None):
            with self.subTest(bridges=value), patch("world.seeding.logger"):
                bridge_inputfuncs.warden_hello(self.warden_session, requestId="h", bridges=value)
                self.assertEqual(
                    self.sent(self.warden_session, "timmy_error")[-1]["code"], "invalid"
                )
        self.assertFalse(bridges.is_online("gitea"))


class TestWardenOnlyInputfuncs(WardenTestBase):
    def assertForbidden(self, session, request_id):
        error = self.sent(session, "timmy_error")[-1]
        self.assertEqual((error["requestId"], error["code"]), (request_id, "forbidden"))
        self.assertIn("only for the warden account", error["message"])

    def test_other_accounts_cannot_say_hello_reply_or_announce(self):
        self.hello()
        self.call(CmdBoard(), "", obj=self.board)
        request_id = self.last_request()["id"]
        with patch("world.seeding.logger"):
            bridge_inputfuncs.warden_hello(self.session, requestId="x1", bridges=["gitea"])
            self.assertForbidden(self.session, "x1")
            bridge_inputfuncs.bridge_reply(
                self.session, requestId="x2", id=request_id, ok=True, text="forged answer"
            )
            self.assertForbidden(self.session, "x2")
            bridge_inputfuncs.bridge_event(
                self.session, requestId="x3", bridge="gitea", kind="webhook", text="forged news"
            )
            self.assertForbidden(self.session, "x3")
        self.assertIsNotNone(bridges.pending_request(request_id))
        self.assertIs(bridges.warden_session("gitea"), self.warden_session)
        self.assertFalse(any("forged" in text for text in self.texts(self.session)))
        self.assertIsNone(self.board.attributes.get("news", category=bridges.STATE_CATEGORY))

    def test_an_account_with_the_warden_name_but_not_provisioned_is_refused(self):
        self.warden.tags.remove(bridges.WARDEN_TAG, category=ROLE_CATEGORY)
        with patch("world.seeding.logger"):
            self.hello()
        self.assertForbidden(self.warden_session, "hello-1")
        self.assertFalse(bridges.is_online("gitea"))

    def test_only_the_superuser_may_provision_the_warden(self):
        with patch("world.seeding.logger"):
            bridge_inputfuncs.warden_provision(
                self.session, requestId="p1", password="a-new-password-long-enough"
            )
        error = self.sent(self.session, "timmy_error")[-1]
        self.assertEqual((error["requestId"], error["code"]), ("p1", "forbidden"))
        self.assertTrue(self.warden.check_password("a-warden-password-for-tests"))

    @override_settings(TIMMY_WARDEN_ACCOUNT="Second-Warden")
    def test_the_superuser_creates_then_resets_the_warden_account(self):
        self.account.is_superuser = True
        self.account.save()
        bridge_inputfuncs.warden_provision(
            self.session, requestId="p2", password="first-password-0123456789"
        )
        self.assertEqual(
            self.sent(self.session, "warden_provision")[-1],
            {"requestId": "p2", "username": "Second-Warden", "created": True},
        )
        from evennia.accounts.models import AccountDB

        second = AccountDB.objects.get(username="Second-Warden")
        self.assertTrue(bridges.is_warden_account(second))
        self.assertTrue(second.check_password("first-password-0123456789"))
        self.assertEqual(list(second.characters), [])
        bridge_inputfuncs.warden_provision(
            self.session, requestId="p3", password="second-password-0123456789"
        )
        self.assertIs(self.sent(self.session, "warden_provision")[-1]["created"], False)
        second.refresh_from_db()
        self.assertTrue(second.check_password("second-password-0123456789"))
        with patch("world.seeding.logger"):
            bridge_inputfuncs.warden_provision(self.session, requestId="p4", password="short")
        self.assertEqual(self.sent(self.session, "timmy_error")[-1]["code"], "invalid")
        second.delete()


class TestBridgeWrites(WardenTestBase):
    def test_a_plain_player_cannot_write(self):
        self.hello()
        request = bridges.build_request(self.board, self.char2, "list", {})
        self.assertIs(request["caller"]["canWrite"], False)
        self.assertIs(self.board.can_write(self.char2), False)
        self.call(
            CmdBoard(),
            "file Title = Body",
            "The Repository Board does not heed you",
            caller=self.char2,
            obj=self.board,
        )
        self.call(
            CmdBeacon(),
            "post hello",
            "The Nostr Beacon does not heed you",
            caller=self.char2,
            obj=self.beacon,
        )
        self.assertEqual(self.sent(self.warden_session, "bridge_request"), [])

    def test_a_plain_player_can_still_read(self):
        self.hello()
        self.call(CmdBoard(), "", "The board stirs...", caller=self.char2, obj=self.board)
        self.assertIs(self.last_request()["caller"]["canWrite"], False)

    def test_the_bridge_write_lock_decides(self):
        self.board.locks.add(f"bridge_write:id({self.char2.id})")
        self.assertTrue(self.board.can_write(self.char2))
        self.assertTrue(self.board.locks.get("bridge_write"))
        self.board.locks.remove("bridge_write")
        self.assertFalse(self.board.can_write(self.char2))  # default: Builders only
        self.assertTrue(self.board.can_write(self.char1))  # Developer


class TestBridgeEvents(WardenTestBase):
    def test_a_webhook_announcement_is_heard_in_the_room_of_the_board(self):
        self.hello()
        evennia.SESSION_HANDLER.data_out.reset_mock()
        bridge_inputfuncs.bridge_event(
            self.warden_session,
            requestId="e1",
            bridge="gitea",
            kind="webhook",
            text="Issue #4 opened by ezra: |lcquit|ltclick|le",
        )
        self.assertIn(
            "The Repository Board: Issue #4 opened by ezra: ||lcquit||ltclick||le",
            self.texts(self.session),
        )
        self.assertEqual(
            self.sent(self.warden_session, "bridge_event")[-1], {"requestId": "e1", "shown": 1}
        )
        self.call(CmdBoard(), "status", "The Repository Board glows", obj=self.board)
        self.assertIn("Last news (0s ago): Issue #4 opened", self.board.status_report())

    def test_an_announcement_may_name_its_room(self):
        bridge_inputfuncs.bridge_event(
            self.warden_session,
            requestId="e2",
            bridge="nostr",
            kind="note",
            text="A note from the relay.",
            room=f"#{self.room1.id}",
        )
        self.assertIn("The Nostr Beacon: A note from the relay.", self.texts(self.session))

    def test_outbox_stats_show_in_status_with_dead_letters(self):
        self.call(CmdBoard(), "status", OFFLINE, obj=self.board)
        self.assertIn("has not reported its outbox", self.board.status_report())
        bridge_inputfuncs.bridge_event(
            self.warden_session,
            requestId="e3",
            bridge="gitea",
            kind="outbox",
            stats={"pending": 2, "delivering": 0, "delivered": 40, "dead": 1},
            deadLetters=[{"id": 7, "kind": "issue.create", "error": "401 wrong token"}],
        )
        report = self.board.status_report()
        self.assertIn("2 pending, 0 delivering, 40 delivered, 1 dead.", report)
        self.assertIn("dead letter 7 (issue.create): 401 wrong token", report)
        self.assertIn("has not reported its outbox", self.beacon.status_report())

    def test_malformed_events_are_invalid_and_change_nothing(self):
        cases = (
            {"bridge": "irc", "kind": "note", "text": "x"},
            {"bridge": "gitea", "kind": "", "text": "x"},
            {"bridge": "gitea", "kind": "webhook", "text": "  "},
            {"bridge": "gitea", "kind": "outbox", "stats": {"pending": -1}},
        )
        for kwargs in cases:
            with self.subTest(kwargs=kwargs), patch("world.seeding.logger"):
                bridge_inputfuncs.bridge_event(self.warden_session, requestId="bad", **kwargs)
                self.assertEqual(
                    self.sent(self.warden_session, "timmy_error")[-1]["code"], "invalid"
                )
        self.assertIsNone(self.board.attributes.get("news", category=bridges.STATE_CATEGORY))
        self.assertIsNone(self.board.attributes.get("outbox", category=bridges.STATE_CATEGORY))


class TestOutsideText(EvenniaCommandTest):
    def test_markup_and_control_characters_are_neutralised_and_length_bounded(self):
        self.assertEqual(bridges.outside_text("a|rb\x1b[0m\tc\r\nd"), "a||rb[0m\tc\nd")
        long = bridges.outside_text("x" * 5000)
        self.assertEqual(len(long), bridges.MAX_TEXT)
        self.assertTrue(long.endswith("…"))
