"""
Tests of the world's game objects: the Heartbeat Shrine and its watch, Lesson Stones and `read`,
the Assessment Circle, and the bridge objects (Repository Board, Nostr Beacon, Ollama Oracle).

Run with `evennia test --settings settings.py .` from the game directory.

"""

import time
from unittest.mock import patch

import evennia
from django.test import override_settings
from evennia.utils import create
from evennia.utils.ansi import strip_ansi
from evennia.utils.test_resources import EvenniaCommandTest

from server.conf import inputfuncs
from typeclasses.bridges import CmdBeacon, CmdBoard, CmdOracle
from typeclasses.lessons import TEACHINGS, CmdRead
from typeclasses.shrine import CmdShrine, HeartbeatWatch, format_age
from world import perception
from world.tags import ROLE_CATEGORY


class ObjectTestBase(EvenniaCommandTest):
    def setUp(self):
        super().setUp()
        if self.session.puppet is not self.char1:
            self.account.puppet_object(self.session, self.char1)
        evennia.SESSION_HANDLER.data_out.reset_mock()

    def sent(self, session, name):
        out = []
        for _name, args, kwargs in evennia.SESSION_HANDLER.data_out.mock_calls:
            if args and args[0] is session and name in kwargs:
                out.append(kwargs[name])
        return out

    def make(self, typeclass, key, location=None):
        return create.create_object(typeclass, key=key, location=location or self.room1)


class TestHeartbeatShrine(ObjectTestBase):
    def setUp(self):
        super().setUp()
        self.shrine = self.make("typeclasses.shrine.HeartbeatShrine", "Heartbeat Shrine")
        self.shrine.aliases.add("shrine")

    def test_heartbeat_is_recorded_and_acked(self):
        before = time.time()
        inputfuncs.heartbeat(self.session, status="working", note="on epic 1", requestId="hb-1")
        ack = self.sent(self.session, "heartbeat_ack")[-1]
        self.assertEqual(ack["requestId"], "hb-1")
        self.assertGreaterEqual(ack["at"], before)
        record = self.shrine.get_heartbeats()[str(self.char1.id)]
        self.assertEqual(record["key"], "Char")
        self.assertEqual(record["at"], ack["at"])
        self.assertEqual((record["status"], record["note"]), ("working", "on epic 1"))
        self.assertFalse(record["stale"])

    def test_heartbeat_needs_a_character(self):
        self.account.unpuppet_object(self.session)
        with patch("world.seeding.logger"):
            inputfuncs.heartbeat(self.session, requestId="hb-2")
        error = self.sent(self.session, "timmy_error")[-1]
        self.assertEqual((error["requestId"], error["code"]), ("hb-2", "forbidden"))

    def test_heartbeat_without_a_shrine_fails(self):
        self.shrine.delete()
        with patch("world.seeding.logger"):
            inputfuncs.heartbeat(self.session, requestId="hb-3")
        self.assertEqual(self.sent(self.session, "timmy_error")[-1]["code"], "failed")

    def test_first_shrine_gets_the_heartbeats(self):
        second = self.make("typeclasses.shrine.HeartbeatShrine", "Other Shrine")
        inputfuncs.heartbeat(self.session)
        self.assertIn(str(self.char1.id), self.shrine.get_heartbeats())
        self.assertEqual(second.get_heartbeats(), {})

    def test_look_shows_members_status_and_age(self):
        self.char2.tags.add("agent", category=ROLE_CATEGORY)
        now = time.time()
        self.shrine.record_heartbeat(self.char1, status="idle", now=now - 42)
        text = strip_ansi(self.shrine.return_appearance(self.char1))
        self.assertIn("Heartbeats:", text)
        self.assertIn("Char: alive - last heartbeat 42s ago", text)
        self.assertIn("reports 'idle'", text)
        self.assertIn("Char2: silent - no heartbeat yet", text)
        self.call(CmdShrine(), "", "Heartbeats:", obj=self.shrine)

    def test_look_shrine_command_works(self):
        self.shrine.record_heartbeat(self.char1)
        self.call(evennia.default_cmds.CmdLook(), "shrine", "Heartbeat Shrine")
        self.assertIn("Char: alive", strip_ansi(self.char1.at_look(self.shrine)))

    def test_shrine_has_a_persistent_watch_with_the_configured_interval(self):
        watch = self.shrine.scripts.get("heartbeat_watch")[0]
        self.assertIsInstance(watch, HeartbeatWatch)
        self.assertTrue(watch.persistent)
        self.assertEqual(watch.interval, 60)
        with override_settings(TIMMY_HEARTBEAT_INTERVAL=5):
            other = self.make("typeclasses.shrine.HeartbeatShrine", "Other Shrine")
        self.assertEqual(other.scripts.get("heartbeat_watch")[0].interval, 5)

    @override_settings(TIMMY_HEARTBEAT_INTERVAL=10, TIMMY_HEARTBEAT_STALE_AFTER=3)
    def test_watch_marks_silent_members_stale_and_says_so(self):
        now = time.time()
        self.shrine.record_heartbeat(self.char1, now=now - 31)
        self.shrine.record_heartbeat(self.char2, now=now - 29)
        watch = self.shrine.scripts.get("heartbeat_watch")[0]
        with patch.object(self.room1, "msg_contents") as msg_contents:
            watch.at_repeat()
            watch.at_repeat()  # said once only
        records = self.shrine.get_heartbeats()
        self.assertTrue(records[str(self.char1.id)]["stale"])
        self.assertFalse(records[str(self.char2.id)]["stale"])
        msg_contents.assert_called_once()
        self.assertIn("Char has missed 3 heartbeats", msg_contents.call_args[0][0])
        self.assertIn("Char: stale", strip_ansi(self.shrine.heartbeat_report()))
        # a new heartbeat brings the member back, and the room hears of it
        with patch.object(self.room1, "msg_contents") as msg_contents:
            inputfuncs.heartbeat(self.session)
        self.assertFalse(self.shrine.get_heartbeats()[str(self.char1.id)]["stale"])
        self.assertIn("heartbeat has returned", msg_contents.call_args[0][0])

    @override_settings(TIMMY_HEARTBEAT_INTERVAL=10, TIMMY_HEARTBEAT_STALE_AFTER=3)
    def test_a_member_that_beats_slowly_is_stale_only_after_missing_its_own_intervals(self):
        now = time.time()
        inputfuncs.heartbeat(self.session, interval=900)
        self.assertEqual(self.shrine.get_heartbeats()[str(self.char1.id)]["interval"], 900)
        self.shrine.record_heartbeat(self.char1, now=now - 2000, interval=900)
        self.shrine.check_stale(now=now)
        self.assertFalse(self.shrine.get_heartbeats()[str(self.char1.id)]["stale"])
        self.shrine.check_stale(now=now + 800)
        self.assertTrue(self.shrine.get_heartbeats()[str(self.char1.id)]["stale"])

    def test_an_absurd_interval_is_ignored_and_the_shrine_interval_applies(self):
        self.shrine.record_heartbeat(self.char1, interval="soon")
        self.shrine.record_heartbeat(self.char2, interval=-5)
        records = self.shrine.get_heartbeats()
        self.assertIsNone(records[str(self.char1.id)]["interval"])
        self.assertIsNone(records[str(self.char2.id)]["interval"])

    def test_shrine_command_is_offered_only_in_its_room(self):
        perception.subscribe(self.session)
        commands = self.sent(self.session, "room_info")[-1]["commands"]
        self.assertIn("shrine", commands)
        self.char1.move_to(self.room2, quiet=True)
        self.assertNotIn("shrine", self.sent(self.session, "room_info")[-1]["commands"])

    def test_heartbeat_records_are_not_world_attributes(self):
        from world.seeding import serialize

        self.shrine.record_heartbeat(self.char1)
        self.assertNotIn("heartbeats", serialize(self.shrine)["attributes"])

    def test_format_age(self):
        self.assertEqual(
            [format_age(s) for s in (5, 65, 3700, 90000)], ["5s", "1m 5s", "1h 1m", "1d 1h"]
        )


class TestLessonStone(ObjectTestBase):
    def setUp(self):
        super().setUp()
        self.stone = self.make("typeclasses.lessons.LessonStone", "Lesson Stone")

    def test_read_shows_the_default_teachings(self):
        self.call(CmdRead(), "Lesson Stone", "You read Lesson Stone:\n\n1. On Sovereignty.")
        teachings = self.stone.get_teachings()
        self.assertEqual(teachings, list(TEACHINGS.values()))
        self.assertTrue(3 <= len(teachings) <= 5)
        self.assertTrue(any("Sovereignty" in t for t in teachings))

    def test_teaching_attribute_overrides_the_defaults(self):
        self.stone.db.teaching = "Push to the repository constantly."
        self.call(
            CmdRead(), "stone", "You read Lesson Stone:\n\nPush to the repository constantly."
        )
        self.stone.db.teaching = "lineage"
        self.assertEqual(self.stone.get_teachings(), [TEACHINGS["lineage"]])
        self.stone.db.teaching = ["heartbeats", "Keep time."]
        self.assertEqual(self.stone.get_teachings(), [TEACHINGS["heartbeats"], "Keep time."])
        self.call(CmdRead(), "stone", "You read Lesson Stone:\n\n1. On Heartbeats.")

    def test_read_without_argument_reads_the_only_stone(self):
        self.call(CmdRead(), "", "You read Lesson Stone:")
        self.make("typeclasses.lessons.LessonStone", "Second Stone")
        self.call(CmdRead(), "", "Usage: read <stone>")

    def test_read_something_unreadable(self):
        self.call(CmdRead(), "Obj", "There is nothing to read on Obj.")

    def test_stone_cannot_be_taken_and_says_how_to_read_it(self):
        self.assertFalse(self.stone.access(self.char2, "get"))
        self.assertIn("read Lesson Stone", self.stone.return_appearance(self.char1))


class TestAssessmentCircle(ObjectTestBase):
    def test_no_rite_is_in_progress(self):
        circle = create.create_object("typeclasses.rooms.AssessmentCircle", key="Circle")
        self.assertIsNone(circle.db.rite)
        self.assertTrue(circle.attributes.has("rite"))
        self.assertIn("no rite is in progress", strip_ansi(circle.return_appearance(self.char1)))
        circle.db.rite = "Rite of Passage for Allegro-Primus"
        appearance = strip_ansi(circle.return_appearance(self.char1))
        self.assertIn("A rite is in progress: Rite of Passage", appearance)


class TestBridges(ObjectTestBase):
    CASES = (
        (
            "typeclasses.bridges.RepositoryBoard",
            "Repository Board",
            CmdBoard,
            "board",
            "The Repository Board is dark: the Gitea bridge is offline.",
        ),
        (
            "typeclasses.bridges.NostrBeacon",
            "Nostr Beacon",
            CmdBeacon,
            "beacon",
            "The Nostr Beacon is dark: the Nostr bridge is offline.",
        ),
        (
            "typeclasses.bridges.OllamaOracle",
            "Ollama Oracle",
            CmdOracle,
            "oracle",
            "The Ollama Oracle is silent: the Ollama bridge is offline.",
        ),
    )

    def test_bridges_say_they_are_offline(self):
        for typeclass, key, cmdclass, _, line in self.CASES:
            with self.subTest(key=key):
                obj = self.make(typeclass, key)
                self.assertIs(obj.db.bridge_online, False)
                self.assertIn(line, obj.return_appearance(self.char1))
                self.call(cmdclass(), "", line, obj=obj)
                obj.delete()

    def test_online_bridge_says_so(self):
        # the board and the beacon are online with the warden: typeclasses/tests_bridges.py
        oracle = self.make("typeclasses.bridges.OllamaOracle", "Ollama Oracle")
        oracle.db.bridge_online = True
        self.call(
            CmdOracle(), "", "The Ollama Oracle is awake: the Ollama bridge is online.", obj=oracle
        )

    def test_bridge_commands_exist_only_where_the_object_is(self):
        for typeclass, key, _, command, line in self.CASES:
            with self.subTest(key=key):
                obj = self.make(typeclass, key, location=self.room2)
                perception.subscribe(self.session)
                self.assertNotIn(command, self.sent(self.session, "room_info")[-1]["commands"])
                evennia.SESSION_HANDLER.data_out.reset_mock()
                inputfuncs.text(self.session, "out")
                self.assertIn(command, self.sent(self.session, "room_info")[-1]["commands"])
                texts = []
                inputfuncs.text(self.session, command)
                for value in self.sent(self.session, "text"):
                    texts.append(value[0] if isinstance(value, tuple) else value)
                self.assertIn(line, texts[-1])
                self.char1.move_to(self.room1, quiet=True)
                obj.delete()
