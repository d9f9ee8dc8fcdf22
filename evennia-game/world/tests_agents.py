"""
Tests of the agents' out-of-band requests (`server/conf/agent_inputfuncs.py`), driven through the
inputfuncs as a client would drive them: `agent_provision`, `command_help`, `agent_requests`,
`agent_request_done` and `world_query`.

`EvenniaTest` replaces `SESSION_HANDLER.data_out` (where every `msg()` to a session ends) by a
Mock; `Recorder.sent()` (from `world/tests.py`) reads it back in order.

Run with `evennia test --settings settings.py world.tests_agents` from the game directory.

"""

from unittest.mock import patch

from django.test import override_settings
from evennia.accounts.models import AccountDB
from evennia.utils import create
from evennia.utils.test_resources import EvenniaTest

from commands.requests import CmdRequest
from server.conf import agent_inputfuncs, inputfuncs
from typeclasses.lessons import LessonStone
from typeclasses.notes import Note
from world import agent_requests, records
from world.perception import available_commands
from world.tags import AGENT_TAG, ROLE_CATEGORY, SEED_CATEGORY, is_agent
from world.tests import Recorder

PRIVILEGED = override_settings(TIMMY_PRIVILEGED_ACCOUNTS=["testaccount"])
PASSWORD = "a-long-agent-password-7"


class AgentTestBase(Recorder, EvenniaTest):
    def setUp(self):
        super().setUp()
        if self.session.puppet is not self.char1:
            self.account.puppet_object(self.session, self.char1)
        self.start_recording()

    def tearDown(self):
        import evennia

        evennia.SESSION_HANDLER.pop(2, None)
        super().tearDown()

    def ask(self, request, session=None, **kwargs):
        """Send an agent request through its inputfunc; return its single reply."""
        session = session or self.session
        self.start_recording()
        with patch("world.agent_replies.logger"):
            getattr(agent_inputfuncs, request)(session, **kwargs)
        replies = self.messages(session, request)
        self.assertEqual(len(replies), 1, self.sent(session))
        self.assertEqual(replies[0]["requestId"], kwargs.get("requestId"))
        return replies[0]

    def make_agent(self, character):
        character.tags.add(AGENT_TAG, category=ROLE_CATEGORY)
        return character


class TestAgentProvision(AgentTestBase):
    def provision(self, **kwargs):
        with patch("evennia.accounts.accounts.logger"):
            return self.ask("agent_provision", requestId="p1", **kwargs)

    def test_an_unprivileged_account_is_refused_with_a_reason(self):
        reply = self.provision(name="Ezra", password=PASSWORD)
        self.assertEqual(reply["ok"], False)
        self.assertEqual(reply["code"], "forbidden")
        self.assertIn("privileged", reply["error"])
        self.assertFalse(AccountDB.objects.filter(username__iexact="Ezra").exists())

    @PRIVILEGED
    def test_creates_an_account_and_an_agent_character_in_the_arrival_room(self):
        reply = self.provision(name="Ezra", password=PASSWORD, parent="Timmy", role="scribe")
        self.assertEqual(reply["ok"], True, reply)
        self.assertEqual(reply["account"], "Ezra")
        self.assertEqual(reply["created"], True)
        account = AccountDB.objects.get(username="Ezra")
        self.assertTrue(account.check_password(PASSWORD))
        character = account.characters.all()[0]
        self.assertEqual(reply["character"], {"dbref": f"#{character.id}", "key": "Ezra"})
        self.assertTrue(is_agent(character))
        self.assertEqual(character.db.timmy_parent, "Timmy")
        self.assertEqual(character.db.timmy_role, "scribe")
        self.assertEqual(character.location.id, 2)
        self.assertFalse(character.permissions.check("Builder"))

    @PRIVILEGED
    def test_provisioning_twice_is_idempotent_and_updates_the_password(self):
        first = self.provision(name="Ezra", password=PASSWORD, builder=True, role="scribe")
        second = self.provision(name="ezra", password=PASSWORD + "x", builder=True, role="scribe")
        self.assertEqual(second["ok"], True, second)
        self.assertEqual(second["created"], False)
        self.assertEqual(second["character"], first["character"])
        self.assertEqual(AccountDB.objects.filter(username__iexact="Ezra").count(), 1)
        account = AccountDB.objects.get(username="Ezra")
        self.assertEqual(len(account.characters.all()), 1)
        self.assertTrue(account.check_password(PASSWORD + "x"))
        character = account.characters.all()[0]
        self.assertEqual(character.tags.get(category=ROLE_CATEGORY, return_list=True), ["agent"])
        self.assertEqual(character.db.timmy_role, "scribe")

    @PRIVILEGED
    def test_builder_gives_and_takes_away_the_builder_permission(self):
        self.provision(name="Ezra", password=PASSWORD, builder=True)
        account = AccountDB.objects.get(username="Ezra")
        character = account.characters.all()[0]
        self.assertIn("builder", account.permissions.all())
        self.assertIn("builder", character.permissions.all())
        self.provision(name="Ezra", password=PASSWORD, builder=False, parent="Timmy")
        self.assertNotIn("builder", account.permissions.all())
        self.assertNotIn("builder", character.permissions.all())
        self.provision(name="Ezra", password=PASSWORD)
        self.assertIsNone(character.db.timmy_parent)

    @PRIVILEGED
    def test_refuses_to_provision_the_callers_own_privileged_account(self):
        reply = self.provision(name="TestAccount", password=PASSWORD)
        self.assertEqual((reply["ok"], reply["code"]), (False, "invalid"))
        self.assertIn("privileged", reply["error"])

    @PRIVILEGED
    def test_a_malformed_request_is_invalid(self):
        for kwargs, field in (
            ({"password": PASSWORD}, "name"),
            ({"name": "Ezra"}, "password"),
            ({"name": "Ezra", "password": PASSWORD, "builder": "yes"}, "builder"),
            ({"name": "x" * 31, "password": PASSWORD}, "name"),
        ):
            with self.subTest(field=field):
                reply = self.provision(**kwargs)
                self.assertEqual((reply["ok"], reply["code"]), (False, "invalid"))
                self.assertIn(field, reply["error"])

    @PRIVILEGED
    def test_a_bad_name_is_refused_with_evennias_reason(self):
        reply = self.provision(name="no/slashes", password=PASSWORD)
        self.assertEqual((reply["ok"], reply["code"]), (False, "invalid"))
        self.assertTrue(reply["error"])

    @PRIVILEGED
    def test_a_provisioned_agent_shows_as_agent_in_room_info(self):
        reply = self.provision(name="Ezra", password=PASSWORD)
        character = AccountDB.objects.get(username="Ezra").characters.all()[0]
        character.move_to(self.room1, quiet=True)
        from world.perception import room_payload

        payload = room_payload(self.char1, self.room1)
        entry = next(c for c in payload["characters"] if c["dbref"] == reply["character"]["dbref"])
        self.assertEqual(entry["agent"], True)


class TestCommandHelp(AgentTestBase):
    def test_returns_the_help_of_every_command_room_info_lists(self):
        reply = self.ask("command_help", requestId="h1")
        self.assertEqual(reply["ok"], True)
        listed = []
        available_commands(self.session).addCallback(listed.extend)
        self.assertTrue(listed)
        self.assertEqual(sorted(reply["help"]), listed)
        self.assertEqual(reply["missing"], [])

    def test_the_text_is_the_commands_docstring_as_help_shows_it(self):
        reply = self.ask("command_help", requestId="h2", commands=["write", "read"])
        self.assertEqual(sorted(reply["help"]), ["read", "write"])
        text = reply["help"]["write"]
        self.assertTrue(
            text.startswith("leave a note in the room\n\nUsage:\n  write <title> = <text>")
        )
        self.assertIn("at most\n60 characters", text)
        self.assertNotIn("    Usage", text)
        self.assertNotIn("|w", reply["help"]["read"])

    def test_commands_are_found_by_alias_and_unknown_ones_are_reported(self):
        reply = self.ask("command_help", requestId="h3", commands=["note", "xyzzy"])
        self.assertIn("leave a note in the room", reply["help"]["note"])
        self.assertEqual(reply["missing"], ["xyzzy"])

    def test_only_commands_the_caller_may_use_are_described(self):
        self.char1.permissions.remove("Developer")
        self.account.permissions.remove("Developer")
        reply = self.ask("command_help", requestId="h4", commands=["dig", "say"])
        self.assertEqual(list(reply["help"]), ["say"])
        self.assertEqual(reply["missing"], ["dig"])

    def test_a_bad_commands_list_is_invalid(self):
        reply = self.ask("command_help", requestId="h5", commands="look")
        self.assertEqual((reply["ok"], reply["code"]), (False, "invalid"))

    def test_a_session_that_is_not_logged_in_is_refused(self):
        self.session.logged_in = False
        try:
            reply = self.ask("command_help", requestId="h6")
        finally:
            self.session.logged_in = True
        self.assertEqual((reply["ok"], reply["code"]), (False, "forbidden"))


class TestAgentRequests(AgentTestBase):
    def setUp(self):
        super().setUp()
        self.agent_session = self.second_session()
        self.make_agent(self.char2)

    def request(self, text):
        """char1 asks char2 (the agent) through the `request` command."""
        cmd = CmdRequest()
        cmd.caller, cmd.session, cmd.args = self.char1, self.session, f" {self.char2.key} = {text}"
        cmd.cmdstring, cmd.raw_string, cmd.cmdname = "request", "request", "request"
        cmd.parse()
        self.start_recording()
        cmd.func()

    def test_a_request_reaches_the_agents_pending_list_and_its_sessions(self):
        self.request("read the stone of patience")
        oob = self.messages(self.agent_session, "agent_request")
        self.assertEqual(len(oob), 1)
        self.assertEqual(oob[0]["from"], self.char1.key)
        self.assertEqual(oob[0]["text"], "read the stone of patience")
        reply = self.ask("agent_requests", session=self.agent_session, requestId="q1")
        self.assertEqual(reply["ok"], True)
        self.assertEqual([r["id"] for r in reply["requests"]], [oob[0]["id"]])
        self.assertEqual(reply["requests"][0]["status"], "pending")
        self.assertEqual(reply["requests"][0]["from"], self.char1.key)

    def test_done_marks_the_request_and_tells_the_requester(self):
        self.request("greet everyone in the hall")
        request_id = self.messages(self.agent_session, "agent_request")[0]["id"]
        self.start_recording()
        reply = self.ask(
            "agent_request_done",
            session=self.agent_session,
            requestId="d1",
            id=request_id,
            status="completed",
            summary="I greeted three people.",
        )
        self.assertEqual(
            reply,
            {
                "requestId": "d1",
                "ok": True,
                "id": request_id,
                "status": "completed",
                "changed": True,
            },
        )
        told = [text for text in self.messages(self.session, "text")]
        self.assertTrue(
            any(
                "has done what you asked" in str(t) and "I greeted three people." in str(t)
                for t in told
            ),
            told,
        )
        pending = self.ask("agent_requests", session=self.agent_session, requestId="q2")
        self.assertEqual(pending["requests"], [])
        stored = agent_requests.requests_of(self.char2)[0]
        self.assertEqual(
            (stored["status"], stored["summary"]), ("completed", "I greeted three people.")
        )

    def test_finishing_again_changes_nothing(self):
        self.request("wave")
        request_id = self.messages(self.agent_session, "agent_request")[0]["id"]
        done = dict(session=self.agent_session, id=request_id, status="failed")
        first = self.ask("agent_request_done", requestId="d1", **done)
        self.assertEqual((first["ok"], first["changed"]), (True, True))
        self.assertEqual(agent_requests.requests_of(self.char2)[0]["summary"], "")
        again = self.ask("agent_request_done", requestId="d2", **{**done, "status": "completed"})
        self.assertEqual((again["ok"], again["changed"], again["status"]), (True, False, "failed"))

    def test_an_agent_cannot_finish_anothers_request_or_use_a_bad_status(self):
        self.request("wave")
        request_id = self.messages(self.agent_session, "agent_request")[0]["id"]
        other = self.ask(
            "agent_request_done", requestId="d3", id=request_id, status="completed", summary=""
        )
        self.assertEqual((other["ok"], other["code"]), (False, "not_found"))
        bad = self.ask(
            "agent_request_done",
            session=self.agent_session,
            requestId="d4",
            id=request_id,
            status="done",
            summary="",
        )
        self.assertEqual((bad["ok"], bad["code"]), (False, "invalid"))

    def test_requests_need_a_character(self):
        self.account.unpuppet_object(self.session)
        reply = self.ask("agent_requests", requestId="q3")
        self.assertEqual((reply["ok"], reply["code"]), (False, "forbidden"))

    def test_the_list_keeps_the_last_fifty_dropping_finished_ones_first(self):
        self.char2.db.timmy_requests = [
            {"id": "old-done", "status": "completed"},
            *({"id": f"p{i}", "status": "pending"} for i in range(49)),
        ]
        request = agent_requests.make_request(self.char1, self.char2, "one more")
        ids = [r["id"] for r in agent_requests.requests_of(self.char2)]
        self.assertEqual(len(ids), 50)
        self.assertNotIn("old-done", ids)
        self.assertEqual(ids[-1], request["id"])


@PRIVILEGED
class TestWorldQuery(AgentTestBase):
    def query(self, query, name):
        return self.ask("world_query", requestId="w1", query=query, name=name)

    def test_an_unprivileged_account_is_refused_with_a_reason(self):
        with override_settings(TIMMY_PRIVILEGED_ACCOUNTS=[]):
            reply = self.query("character", self.char1.key)
        self.assertEqual((reply["ok"], reply["code"]), (False, "forbidden"))
        self.assertIn("privileged", reply["error"])

    def test_character_reports_place_reads_pages_agent_and_permissions(self):
        self.make_agent(self.char2)
        self.room1.tags.add("hall", category=SEED_CATEGORY)
        records.record_page(self.char2, "Char", "hello there", now=5.0)
        stone = create.create_object(LessonStone, key="stone", location=self.room1)
        stone.tags.add("grove.stone", category=SEED_CATEGORY)
        records.record_read(self.char2, stone)
        reply = self.query("character", self.char2.key.upper())
        self.assertEqual(reply["ok"], True, reply)
        result = reply["result"]
        self.assertEqual(result["dbref"], f"#{self.char2.id}")
        self.assertEqual(
            result["location"],
            {"dbref": f"#{self.room1.id}", "key": self.room1.key, "seedId": "hall"},
        )
        self.assertEqual(result["read"], ["grove.stone"])
        self.assertEqual(result["pages"], [{"sender": "Char", "text": "hello there", "at": 5.0}])
        self.assertEqual(result["agent"], True)
        self.assertIsInstance(result["permissions"], list)
        self.assertEqual(result["requests"], [])

    def test_an_offline_character_has_no_location_but_a_last_location(self):
        online = self.query("character", self.char1.key)["result"]
        self.assertEqual(
            (online["online"], online["location"]["dbref"]), (True, f"#{self.room1.id}")
        )
        self.assertEqual(online["lastLocation"], online["location"])
        self.account.unpuppet_object(self.session)
        offline = self.query("character", self.char1.key)["result"]
        self.assertEqual((offline["online"], offline["location"]), (False, None))
        self.assertEqual(offline["lastLocation"]["dbref"], f"#{self.room1.id}")

    def test_character_by_dbref_and_unknown_names(self):
        reply = self.query("character", f"#{self.char1.id}")
        self.assertEqual(reply["result"]["key"], self.char1.key)
        self.assertEqual(reply["result"]["agent"], False)
        missing = self.query("character", "Nobody")
        self.assertEqual((missing["ok"], missing["code"]), (False, "not_found"))
        room_ref = self.query("character", f"#{self.room1.id}")
        self.assertEqual(room_ref["code"], "not_found")

    def test_room_lists_things_with_note_texts_characters_and_speech(self):
        self.room1.tags.add("hall", category=SEED_CATEGORY)
        note = create.create_object(
            Note,
            key="Greetings",
            location=self.room1,
            attributes=[("text", "Ezra was here"), ("author", "Ezra")],
        )
        records.record_speech(self.room1, self.char1, "hello", now=7.0)
        for name in ("hall", self.room1.key.lower(), f"#{self.room1.id}"):
            with self.subTest(name=name):
                result = self.query("room", name)["result"]
                self.assertEqual(result["dbref"], f"#{self.room1.id}")
                self.assertEqual(result["seedId"], "hall")
                things = {t["dbref"]: t for t in result["things"]}
                self.assertEqual(things[f"#{note.id}"]["text"], "Ezra was here")
                self.assertEqual(things[f"#{note.id}"]["author"], "Ezra")
                self.assertEqual(things[f"#{note.id}"]["typeclass"], "typeclasses.notes.Note")
                self.assertIn(f"#{self.obj1.id}", things)
                self.assertNotIn("text", things[f"#{self.obj1.id}"])
                self.assertIn(
                    {"key": self.char1.key, "dbref": f"#{self.char1.id}", "agent": False},
                    result["characters"],
                )
                self.assertEqual(
                    result["speech"], [{"speaker": self.char1.key, "text": "hello", "at": 7.0}]
                )

    def test_find_matches_keys_by_substring(self):
        lamp = create.create_object(Note, key="Brass Lamp", location=self.room2)
        reply = self.query("find", "lamp")
        self.assertEqual(reply["ok"], True)
        matches = reply["result"]["matches"]
        self.assertEqual([m["dbref"] for m in matches], [f"#{lamp.id}"])
        self.assertEqual(matches[0]["location"]["dbref"], f"#{self.room2.id}")
        self.assertEqual(matches[0]["typeclass"], "typeclasses.notes.Note")

    def test_a_bad_query_is_invalid(self):
        reply = self.query("everything", "x")
        self.assertEqual((reply["ok"], reply["code"]), (False, "invalid"))


class TestThroughTheCommandLine(AgentTestBase):
    """The commands typed as a client types them (the `text` inputfunc and the real cmdsets)."""

    def setUp(self):
        super().setUp()
        self.other_session = self.second_session()

    def type(self, session, line):
        self.start_recording()
        inputfuncs.text(session, line)
        return " ".join(str(value) for value in self.messages(session, "text"))

    def test_write_then_read_by_another_character_records_the_read(self):
        self.type(self.session, "note Greetings = Ezra was here")
        (note,) = [obj for obj in self.room1.contents if isinstance(obj, Note)]
        heard = self.type(self.other_session, "read Greetings")
        self.assertIn("Ezra was here", heard)
        self.assertEqual(self.char2.db.timmy_read, [f"#{note.id}"])

    def test_say_and_the_quote_alias_are_recorded_on_the_room(self):
        self.type(self.session, "say hello there")
        self.type(self.session, '"and again')
        self.assertEqual(
            [(e["speaker"], e["text"]) for e in records.speech_of(self.room1)],
            [(self.char1.key, "hello there"), (self.char1.key, "and again")],
        )

    def test_page_to_an_online_account_is_recorded_on_its_puppet(self):
        self.type(self.session, f"page {self.account2.key} = are you there?")
        heard = " ".join(str(value) for value in self.messages(self.other_session, "text"))
        self.assertIn("are you there?", heard)
        (entry,) = records.pages_of(self.char2)
        self.assertEqual((entry["sender"], entry["text"]), (self.char1.key, "are you there?"))

    def test_request_then_done_tells_the_requester_in_game(self):
        self.make_agent(self.char2)
        self.type(self.session, f"request {self.char2.key} = fetch the lamp")
        (oob,) = self.messages(self.other_session, "agent_request")
        reply = self.ask(
            "agent_request_done",
            session=self.other_session,
            requestId="d9",
            id=oob["id"],
            status="failed",
            summary="There is no lamp.",
        )
        self.assertEqual(reply["ok"], True)
        told = " ".join(str(value) for value in self.messages(self.session, "text"))
        self.assertIn(f"{self.char2.key} could not do what you asked ('fetch the lamp')", told)
        self.assertIn("There is no lamp.", told)
