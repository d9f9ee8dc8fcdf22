"""
Tests of the world-as-code requests (`world/seeding.py`) and of structured perception
(`world/perception.py`), driven through the inputfuncs of `server/conf/inputfuncs.py` as a client
would drive them.

`EvenniaTest` replaces `SESSION_HANDLER.data_out` (where every `msg()` to a session ends) by a
Mock; `Recorder.sent()` reads it back in order.

Run with `evennia test --settings settings.py .` from the game directory.

"""

from unittest.mock import patch

import evennia
from django.test import override_settings
from evennia.objects.models import ObjectDB
from evennia.scripts.models import ScriptDB
from evennia.server.serversession import ServerSession
from evennia.utils import create
from evennia.utils.test_resources import EvenniaTest

from server.conf import inputfuncs
from typeclasses.objects import Object
from world import perception, seeding
from world.tags import AREA_CATEGORY, ROLE_CATEGORY, SEED_CATEGORY


class ExplodingThing(Object):
    """A typeclass that fails while being created (to test the rollback)."""

    def at_object_creation(self):
        super().at_object_creation()
        raise RuntimeError("exploded on purpose")


class Recorder:
    """Helpers to read what was sent to sessions."""

    def start_recording(self):
        evennia.SESSION_HANDLER.data_out.reset_mock()

    def sent(self, session):
        """`(name, value)` pairs sent to a session, in order (without Evennia's `options`)."""
        out = []
        for _name, args, kwargs in evennia.SESSION_HANDLER.data_out.mock_calls:
            if args and args[0] is session:
                out.extend((key, value) for key, value in kwargs.items() if key != "options")
        return out

    def messages(self, session, name):
        return [value for key, value in self.sent(session) if key == name]

    def last(self, session, name):
        found = self.messages(session, name)
        self.assertTrue(found, f"no {name} sent; sent: {[k for k, _ in self.sent(session)]}")
        return found[-1]

    def second_session(self):
        """A second logged-in session: TestAccount2 puppeting Char2."""
        dummy = ServerSession()
        dummy.init_session("telnet", ("localhost", "testmode"), evennia.SESSION_HANDLER)
        dummy.sessid = 2
        with patch("evennia.server.sessionhandler.delay"):
            evennia.SESSION_HANDLER.portal_connect(dummy.get_sync_data())
        session = evennia.SESSION_HANDLER.session_from_sessid(2)
        self.char2.locks.add("puppet:all()")
        evennia.SESSION_HANDLER.login(session, self.account2, testmode=True)
        if session.puppet is not self.char2:
            self.account2.puppet_object(session, self.char2)
        self.assertIs(session.puppet, self.char2)
        return session


class WorldTestBase(Recorder, EvenniaTest):
    def setUp(self):
        super().setUp()
        if self.session.puppet is not self.char1:
            self.account.puppet_object(self.session, self.char1)
        self.start_recording()

    def tearDown(self):
        evennia.SESSION_HANDLER.pop(2, None)
        super().tearDown()

    def apply(self, operations, dry_run=False, request_id="r1"):
        """Send world_apply through the inputfunc; return the reply (`world_apply` or error)."""
        self.start_recording()
        with patch("world.seeding.logger"):
            inputfuncs.world_apply(
                self.session, requestId=request_id, operations=operations, dryRun=dry_run
            )
        sent = [(k, v) for k, v in self.sent(self.session) if k in ("world_apply", "timmy_error")]
        self.assertEqual(len(sent), 1, sent)
        return sent[0]

    def applied(self, operations, dry_run=False):
        name, reply = self.apply(operations, dry_run=dry_run)
        self.assertEqual(name, "world_apply", reply)
        return reply["results"]

    def by_seed(self, seed):
        return ObjectDB.objects.get_by_tag(key=seed, category=SEED_CATEGORY).first()


PRIVILEGED = override_settings(TIMMY_PRIVILEGED_ACCOUNTS=["testaccount"])


@PRIVILEGED
class TestWorldSnapshot(WorldTestBase):
    def snapshot(self):
        self.start_recording()
        inputfuncs.world_snapshot(self.session, requestId="snap-1")
        reply = self.last(self.session, "world_snapshot")
        self.assertEqual(reply["requestId"], "snap-1")
        return reply["objects"]

    def test_snapshot_lists_rooms_exits_and_things_in_dbref_order(self):
        carried = create.create_object(Object, key="pebble", location=self.char1)
        objects = self.snapshot()
        dbrefs = [o["dbref"] for o in objects]
        self.assertEqual(dbrefs, sorted(dbrefs, key=lambda d: int(d[1:])))
        by_ref = {o["dbref"]: o for o in objects}
        for obj in (self.room1, self.room2, self.exit, self.obj1, self.obj2):
            self.assertIn(f"#{obj.id}", by_ref)
        for obj in (self.char1, self.char2, carried):
            self.assertNotIn(f"#{obj.id}", by_ref)
        self.assertEqual(by_ref[f"#{self.room1.id}"]["kind"], "room")
        self.assertEqual(by_ref[f"#{self.obj1.id}"]["kind"], "thing")

    def test_snapshot_object_shape(self):
        self.exit.tags.add("hall.out", category=SEED_CATEGORY)
        self.exit.tags.add("hall", category=AREA_CATEGORY)
        self.exit.tags.add("stone", category="material")
        self.exit.tags.add("plain")
        self.exit.aliases.add(["o", "leave"])
        self.exit.db.desc = "A way out."
        self.exit.db.weight = 3
        self.exit.db.info = {"a": [1, 2]}
        self.exit.db.odd = {1, 2}
        self.exit.attributes.add("hidden", 1, category="secret")
        self.exit.attributes.add("_private", 1)
        exit_info = next(o for o in self.snapshot() if o["dbref"] == f"#{self.exit.id}")
        self.assertEqual(
            exit_info,
            {
                "dbref": f"#{self.exit.id}",
                "seedId": "hall.out",
                "area": "hall",
                "kind": "exit",
                "key": "out",
                "aliases": ["leave", "o"],
                "typeclass": "typeclasses.exits.Exit",
                "location": f"#{self.room1.id}",
                "destination": f"#{self.room2.id}",
                "desc": "A way out.",
                "locks": exit_info["locks"],
                "tags": [["plain", None], ["stone", "material"]],
                "attributes": {"info": {"a": [1, 2]}, "odd": "{1, 2}", "weight": 3},
            },
        )
        self.assertEqual(exit_info["locks"]["traverse"], "all()")
        self.assertIn("puppet", exit_info["locks"])

    def test_aliases_evennia_adds_for_display_are_left_out(self):
        self.obj1.aliases.add("rock")
        self.room1.return_appearance(self.char1)  # adds "an obj"/"one obj" (category plural_key)
        self.assertGreater(len(self.obj1.aliases.all()), 1)
        info = next(o for o in self.snapshot() if o["dbref"] == f"#{self.obj1.id}")
        self.assertEqual(info["aliases"], ["rock"])

    def test_room_has_no_location_and_empty_desc_when_unset(self):
        room = create.create_object("typeclasses.rooms.Room", key="Bare")
        info = next(o for o in self.snapshot() if o["dbref"] == f"#{room.id}")
        self.assertIsNone(info["location"])
        self.assertIsNone(info["destination"])
        self.assertIsNone(info["seedId"])
        self.assertEqual(info["desc"], "")

    @override_settings(TIMMY_PRIVILEGED_ACCOUNTS=[])
    def test_snapshot_is_forbidden_to_an_ordinary_account(self):
        with patch("world.seeding.logger") as logger:
            inputfuncs.world_snapshot(self.session, requestId="snap-2")
        self.assertEqual(self.messages(self.session, "world_snapshot"), [])
        error = self.last(self.session, "timmy_error")
        self.assertEqual(error["requestId"], "snap-2")
        self.assertEqual(error["code"], "forbidden")
        logger.log_sec.assert_called_once()

    @override_settings(TIMMY_PRIVILEGED_ACCOUNTS=[])
    def test_superuser_is_privileged(self):
        self.assertFalse(seeding.is_privileged(self.session))
        self.account.is_superuser = True
        try:
            self.assertTrue(seeding.is_privileged(self.session))
        finally:
            self.account.is_superuser = False


@PRIVILEGED
class TestWorldApply(WorldTestBase):
    def world_ops(self):
        return [
            {
                "op": "create",
                "kind": "room",
                "seedId": "hall.birth-chamber",
                "key": "Birth Chamber",
                "area": "Hall",
                "desc": "Where Allegro-Primus was born.",
            },
            {
                "op": "create",
                "kind": "room",
                "seedId": "hall.shrine",
                "key": "Heartbeat Shrine",
                "area": "hall",
                "typeclass": "typeclasses.rooms.Room",
            },
            {
                "op": "create",
                "kind": "exit",
                "seedId": "hall.birth-chamber.east",
                "key": "east",
                "aliases": ["e"],
                "location": {"seed": "hall.birth-chamber"},
                "destination": {"seed": "hall.shrine"},
            },
            {
                "op": "create",
                "kind": "exit",
                "seedId": "hall.shrine.west",
                "key": "west",
                "aliases": ["w"],
                "location": {"seed": "hall.shrine"},
                "destination": {"seed": "hall.birth-chamber"},
                "locks": {"traverse": "all()"},
            },
            {
                "op": "create",
                "kind": "thing",
                "seedId": "hall.shrine.shrine",
                "key": "Heartbeat Shrine",
                "aliases": ["shrine"],
                "typeclass": "typeclasses.shrine.HeartbeatShrine",
                "location": {"seed": "hall.shrine"},
                "tags": [["monument", "kind"]],
                "attributes": {"carver": "Allegro", "runes": [1, 2, 3]},
            },
        ]

    def test_create_with_references_by_seed(self):
        results = self.applied(self.world_ops())
        self.assertEqual([r["index"] for r in results], [0, 1, 2, 3, 4])
        self.assertTrue(all(r["op"] == "create" for r in results))
        chamber, shrine_room = self.by_seed("hall.birth-chamber"), self.by_seed("hall.shrine")
        east, shrine = self.by_seed("hall.birth-chamber.east"), self.by_seed("hall.shrine.shrine")
        self.assertEqual(
            results[0],
            {"index": 0, "op": "create", "dbref": f"#{chamber.id}", "seedId": "hall.birth-chamber"},
        )
        self.assertIsNone(chamber.location)
        self.assertEqual(chamber.db.desc, "Where Allegro-Primus was born.")
        self.assertEqual(chamber.tags.get(category=AREA_CATEGORY), "hall")
        self.assertEqual(
            (east.location, east.destination, east.home), (chamber, shrine_room, chamber)
        )
        self.assertEqual(east.aliases.all(), ["e"])
        self.assertEqual(shrine.location, shrine_room)
        self.assertEqual(shrine.home, shrine_room)
        self.assertEqual(shrine.typeclass_path, "typeclasses.shrine.HeartbeatShrine")
        self.assertEqual(shrine.db.carver, "Allegro")
        self.assertEqual(shrine.db.runes, [1, 2, 3])
        self.assertTrue(shrine.tags.has("monument", category="kind"))
        self.assertTrue(shrine.scripts.get("heartbeat_watch"))

    def test_create_refers_to_existing_objects_by_dbref(self):
        results = self.applied(
            [
                {
                    "op": "create",
                    "kind": "exit",
                    "seedId": "limbo.up",
                    "key": "up",
                    "location": {"dbref": f"#{self.room1.id}"},
                    "destination": {"dbref": f"#{self.room2.id}"},
                }
            ]
        )
        up = self.by_seed("limbo.up")
        self.assertEqual(results[0]["dbref"], f"#{up.id}")
        self.assertEqual((up.location, up.destination), (self.room1, self.room2))

    def test_update_by_seed_and_by_dbref(self):
        self.applied(self.world_ops())
        east = self.by_seed("hall.birth-chamber.east")
        results = self.applied(
            [
                {
                    "op": "update",
                    "target": {"seed": "hall.birth-chamber.east"},
                    "set": {
                        "key": "eastward",
                        "aliases": ["ea"],
                        "destination": {"dbref": f"#{self.room2.id}"},
                        "desc": "An arch.",
                        "locks": {"traverse": "perm(Builder)"},
                    },
                },
                {
                    "op": "update",
                    "target": {"seed": "hall.shrine.shrine"},
                    "set": {
                        "location": {"seed": "hall.birth-chamber"},
                        "tags": [["relic", None]],
                        "attributes": {"carver": None, "runes": ["a"]},
                        "seedId": "hall.relic",
                        "area": None,
                    },
                },
                {"op": "update", "target": {"dbref": f"#{self.obj1.id}"}, "set": {"key": "Obj1"}},
            ]
        )
        self.assertEqual(results[0]["dbref"], f"#{east.id}")
        self.assertEqual(results[1]["seedId"], "hall.relic")
        self.assertEqual(east.key, "eastward")
        self.assertEqual(east.aliases.all(), ["ea"])
        self.assertEqual(east.destination, self.room2)
        self.assertEqual(east.db.desc, "An arch.")
        self.assertEqual(east.locks.get("traverse"), "traverse:perm(Builder)")
        relic = self.by_seed("hall.relic")
        self.assertIsNone(self.by_seed("hall.shrine.shrine"))
        self.assertEqual(relic.location, self.by_seed("hall.birth-chamber"))
        self.assertEqual(relic.tags.all(return_key_and_category=True).count(("relic", None)), 1)
        self.assertFalse(relic.tags.has("monument", category="kind"))
        self.assertIsNone(relic.attributes.get("carver"))
        self.assertEqual(relic.db.runes, ["a"])
        self.assertIsNone(relic.tags.get(category=AREA_CATEGORY))
        self.assertEqual(self.obj1.key, "Obj1")

    def test_renamed_exit_answers_to_its_new_name(self):
        self.applied(self.world_ops())
        self.char1.move_to(self.by_seed("hall.birth-chamber"), quiet=True)
        perception.subscribe(self.session)
        self.assertIn("east", self.last(self.session, "room_info")["commands"])
        self.applied(
            [
                {
                    "op": "update",
                    "target": {"seed": "hall.birth-chamber.east"},
                    "set": {"key": "eastward", "aliases": []},
                }
            ]
        )
        commands = self.last(self.session, "room_info")["commands"]
        self.assertIn("eastward", commands)
        self.assertNotIn("east", commands)
        inputfuncs.text(self.session, "eastward")
        self.assertEqual(self.char1.location, self.by_seed("hall.shrine"))

    def test_update_swaps_the_typeclass(self):
        self.obj1.tags.add("limbo.stone", category=SEED_CATEGORY)
        self.applied(
            [
                {
                    "op": "update",
                    "target": {"seed": "limbo.stone"},
                    "set": {"typeclass": "typeclasses.lessons.LessonStone"},
                }
            ]
        )
        self.assertEqual(self.obj1.typeclass_path, "typeclasses.lessons.LessonStone")
        self.assertTrue(hasattr(self.obj1, "get_teachings"))

    def test_delete_a_seeded_object(self):
        self.applied(self.world_ops())
        shrine_room_ref = f"#{self.by_seed('hall.shrine').id}"
        results = self.applied([{"op": "delete", "target": {"seed": "hall.shrine"}}])
        self.assertEqual(
            results,
            [{"index": 0, "op": "delete", "dbref": shrine_room_ref, "seedId": "hall.shrine"}],
        )
        self.assertIsNone(self.by_seed("hall.shrine"))
        # Evennia removes the exits into a deleted room with it
        self.assertIsNone(self.by_seed("hall.birth-chamber.east"))

    def test_deleting_an_unseeded_object_is_refused(self):
        name, error = self.apply([{"op": "delete", "target": {"dbref": f"#{self.obj1.id}"}}])
        self.assertEqual(name, "timmy_error")
        self.assertEqual(error["code"], "invalid")
        self.assertIn("operation 0 (delete)", error["message"])
        self.assertIn("no seedId", error["message"])
        self.assertTrue(ObjectDB.objects.filter(id=self.obj1.id).exists())

    def test_seed_created_earlier_in_the_list_can_be_deleted_later_in_it(self):
        ops = self.world_ops()[:1] + [{"op": "delete", "target": {"seed": "hall.birth-chamber"}}]
        self.applied(ops)
        self.assertIsNone(self.by_seed("hall.birth-chamber"))

    def test_dry_run_validates_and_changes_nothing(self):
        count = ObjectDB.objects.count()
        results = self.applied(self.world_ops(), dry_run=True)
        self.assertEqual(len(results), 5)
        self.assertIsNone(results[0]["dbref"])
        self.assertEqual(results[4]["seedId"], "hall.shrine.shrine")
        self.assertEqual(ObjectDB.objects.count(), count)

    def test_dry_run_reports_the_first_bad_operation(self):
        ops = self.world_ops()
        ops[3]["destination"] = {"seed": "nowhere"}
        name, error = self.apply(ops, dry_run=True)
        self.assertEqual(name, "timmy_error")
        self.assertEqual(error["code"], "invalid")
        self.assertIn("operation 3 (create)", error["message"])
        self.assertIn("nowhere", error["message"])

    def test_unknown_typeclass_is_invalid_and_nothing_is_created(self):
        count = ObjectDB.objects.count()
        ops = self.world_ops()
        ops[4]["typeclass"] = "typeclasses.nosuch.Thing"
        name, error = self.apply(ops)
        self.assertEqual(
            (name, error["code"], error["requestId"]), ("timmy_error", "invalid", "r1")
        )
        self.assertIn("operation 4", error["message"])
        self.assertIn("typeclasses.nosuch.Thing", error["message"])
        self.assertEqual(ObjectDB.objects.count(), count)

    def test_typeclass_of_the_wrong_kind_is_invalid(self):
        ops = [dict(self.world_ops()[0], typeclass="typeclasses.objects.Object")]
        name, error = self.apply(ops)
        self.assertEqual(error["code"], "invalid")
        self.assertIn("makes a thing, not a room", error["message"])

    def test_seed_already_in_use_is_invalid(self):
        self.applied(self.world_ops()[:1])
        name, error = self.apply(self.world_ops()[:1])
        self.assertEqual(error["code"], "invalid")
        self.assertIn("already used", error["message"])

    def test_failure_during_the_transaction_rolls_everything_back(self):
        count = ObjectDB.objects.count()
        scripts = ScriptDB.objects.count()
        cached_scripts = [id(script) for script in ScriptDB.get_all_cached_instances()]
        ops = self.world_ops() + [
            {
                "op": "update",
                "target": {"dbref": f"#{self.obj1.id}"},
                "set": {"key": "Renamed", "location": {"seed": "hall.shrine"}},
            },
            {"op": "delete", "target": {"seed": "hall.birth-chamber.east"}},
            {
                "op": "create",
                "kind": "thing",
                "seedId": "boom",
                "key": "boom",
                "typeclass": "world.tests.ExplodingThing",
                "location": {"dbref": f"#{self.room1.id}"},
            },
        ]
        name, error = self.apply(ops)
        self.assertEqual((name, error["code"]), ("timmy_error", "failed"))
        self.assertIn("operation 7 (create)", error["message"])
        self.assertIn("exploded on purpose", error["message"])
        # the database is as before
        self.assertEqual(ObjectDB.objects.count(), count)
        self.assertEqual(ScriptDB.objects.count(), scripts)
        self.assertIsNone(self.by_seed("hall.birth-chamber"))
        # and so are the objects in memory
        self.assertEqual(self.obj1.key, "Obj")
        self.assertEqual(self.obj1.location, self.room1)
        self.assertIn(self.obj1, self.room1.contents)
        self.assertEqual(ObjectDB.objects.get(id=self.obj1.id).db_key, "Obj")
        # the watch script the rolled-back shrine started is stopped and forgotten
        for script in ScriptDB.get_all_cached_instances():
            self.assertIn(id(script), cached_scripts)

    def test_rollback_restores_deleted_objects_and_what_their_deletion_moved(self):
        self.applied(self.world_ops())
        shrine_room, shrine = self.by_seed("hall.shrine"), self.by_seed("hall.shrine.shrine")
        room_id, watch_id = shrine_room.id, shrine.scripts.get("heartbeat_watch")[0].id
        self.char2.move_to(shrine_room, quiet=True)
        self.char2.home = self.room2
        ops = [
            {"op": "delete", "target": {"seed": "hall.shrine"}},
            {
                "op": "create",
                "kind": "thing",
                "seedId": "boom",
                "key": "boom",
                "typeclass": "world.tests.ExplodingThing",
            },
        ]
        name, error = self.apply(ops)
        self.assertEqual((name, error["code"]), ("timmy_error", "failed"))
        self.assertIn("operation 1 (create)", error["message"])
        # the room, its exits, its shrine and the shrine's script are back, timer running
        room = self.by_seed("hall.shrine")
        self.assertEqual(room.id, room_id)
        self.assertIsNotNone(self.by_seed("hall.birth-chamber.east"))
        shrine = self.by_seed("hall.shrine.shrine")
        self.assertEqual(shrine.location.id, room.id)
        restored = ScriptDB.objects.get(id=watch_id)
        self.assertTrue(restored.is_active)
        self.assertTrue(restored.ndb._task and restored.ndb._task.running)
        # the character that deletion sent home is back in the room, in memory too
        self.assertEqual(self.char2.location.id, room.id)
        self.assertIn(self.char2, room.contents)
        self.assertNotIn(self.char2, self.room2.contents)

    def test_non_privileged_account_is_forbidden_and_nothing_changes(self):
        count = ObjectDB.objects.count()
        with override_settings(TIMMY_PRIVILEGED_ACCOUNTS=["someoneelse"]):
            name, error = self.apply(self.world_ops())
        self.assertEqual((name, error["code"]), ("timmy_error", "forbidden"))
        self.assertEqual(ObjectDB.objects.count(), count)

    def test_refusals_are_logged(self):
        with patch("world.seeding.logger") as logger:
            inputfuncs.world_apply(self.session, requestId="x", operations="nope")
        logger.log_warn.assert_called_once()
        self.assertEqual(self.last(self.session, "timmy_error")["code"], "invalid")

    def test_characters_cannot_be_changed_or_deleted(self):
        self.char2.tags.add("npc", category=SEED_CATEGORY)
        name, error = self.apply([{"op": "delete", "target": {"seed": "npc"}}])
        self.assertEqual(error["code"], "invalid")
        self.assertIn("character", error["message"])

    def test_seeds_are_lower_cased_as_evennia_tags_are(self):
        results = self.applied([dict(self.world_ops()[0], seedId="Hall.Upper")])
        self.assertEqual(results[0]["seedId"], "hall.upper")
        self.assertIsNotNone(self.by_seed("hall.upper"))

    def test_apply_sends_fresh_room_info_to_subscribers(self):
        perception.subscribe(self.session)
        self.applied(
            [
                {
                    "op": "update",
                    "target": {"dbref": f"#{self.room1.id}"},
                    "set": {"desc": "Freshly painted."},
                }
            ]
        )
        self.assertEqual(self.last(self.session, "room_info")["desc"], "Freshly painted.")


class TestRoomInfo(WorldTestBase):
    def subscribe(self, session=None):
        session = session or self.session
        inputfuncs.room_info_subscribe(session, enabled=True)

    def test_subscribe_sends_room_info_at_once(self):
        self.room2.tags.add("hall.two", category=SEED_CATEGORY)
        self.room1.tags.add("hall", category=AREA_CATEGORY)
        self.char2.tags.add("agent", category=ROLE_CATEGORY)
        self.obj1.tags.add("hall.obj", category=SEED_CATEGORY)
        self.subscribe()
        info = self.last(self.session, "room_info")
        self.assertEqual(info["dbref"], f"#{self.room1.id}")
        self.assertEqual(info["key"], "Room")
        self.assertEqual(info["area"], "hall")
        self.assertIsNone(info["seedId"])
        self.assertEqual(info["desc"], "room_desc")
        self.assertEqual(
            info["exits"],
            [
                {
                    "key": "out",
                    "aliases": [],
                    "destination": {
                        "dbref": f"#{self.room2.id}",
                        "seedId": "hall.two",
                        "key": "Room2",
                    },
                }
            ],
        )
        self.assertEqual(
            info["characters"], [{"key": "Char2", "dbref": f"#{self.char2.id}", "agent": True}]
        )
        self.assertEqual(
            info["things"],
            [
                {
                    "key": "Obj",
                    "dbref": f"#{self.obj1.id}",
                    "seedId": "hall.obj",
                    "typeclass": "typeclasses.objects.Object",
                },
                {
                    "key": "Obj2",
                    "dbref": f"#{self.obj2.id}",
                    "seedId": None,
                    "typeclass": "typeclasses.objects.Object",
                },
            ],
        )
        commands = info["commands"]
        self.assertEqual(commands, sorted(commands))
        for key in ("look", "out", "read", "get", "help"):
            self.assertIn(key, commands)
        self.assertFalse(any(key.startswith("__") for key in commands))
        self.assertNotIn("board", commands)

    def test_commands_depend_on_cmd_locks(self):
        self.subscribe()
        self.assertIn("teleport", self.last(self.session, "room_info")["commands"])
        session2 = self.second_session()
        self.subscribe(session2)
        commands = self.last(session2, "room_info")["commands"]
        self.assertIn("look", commands)
        self.assertNotIn("teleport", commands)  # a Player may not teleport

    def test_object_commands_show_only_where_the_object_is(self):
        create.create_object(
            "typeclasses.bridges.RepositoryBoard", key="Repository Board", location=self.room2
        )
        self.subscribe()
        self.assertNotIn("board", self.last(self.session, "room_info")["commands"])
        inputfuncs.text(self.session, "out")
        info = self.last(self.session, "room_info")
        self.assertEqual(info["dbref"], f"#{self.room2.id}")
        self.assertIn("board", info["commands"])

    def test_unsubscribed_session_gets_nothing(self):
        inputfuncs.text(self.session, "look")
        inputfuncs.text(self.session, "out")
        self.assertEqual(self.messages(self.session, "room_info"), [])
        self.subscribe()
        inputfuncs.room_info_subscribe(self.session, enabled=False)
        self.start_recording()
        inputfuncs.text(self.session, "out")
        self.assertEqual(self.messages(self.session, "room_info"), [])

    def test_room_info_follows_look_before_cmd_done(self):
        self.subscribe()
        self.start_recording()
        inputfuncs.text(self.session, "look", cmdid=3)
        names = [name for name, _ in self.sent(self.session)]
        self.assertEqual(names, ["cmd_start", "text", "room_info", "cmd_done"])

    def test_look_at_an_object_also_sends_room_info(self):
        self.subscribe()
        self.start_recording()
        inputfuncs.text(self.session, "look Obj")
        self.assertEqual(len(self.messages(self.session, "room_info")), 1)

    def test_move_sends_room_info_of_the_new_room(self):
        self.subscribe()
        self.start_recording()
        inputfuncs.text(self.session, "out", cmdid=4)
        infos = self.messages(self.session, "room_info")
        self.assertEqual(len(infos), 1)
        self.assertEqual(infos[0]["dbref"], f"#{self.room2.id}")
        self.assertEqual(infos[0]["characters"], [])
        names = [name for name, _ in self.sent(self.session)]
        self.assertLess(names.index("room_info"), names.index("cmd_done"))

    def test_arrival_and_departure_of_another_character(self):
        self.char2.move_to(self.room2, quiet=True)
        self.subscribe()
        self.assertEqual(self.last(self.session, "room_info")["characters"], [])
        self.start_recording()
        self.char2.move_to(self.room1)
        info = self.last(self.session, "room_info")
        self.assertEqual([c["key"] for c in info["characters"]], ["Char2"])
        self.assertFalse(info["characters"][0]["agent"])
        self.start_recording()
        self.char2.move_to(self.room2)
        self.assertEqual(self.last(self.session, "room_info")["characters"], [])
        self.assertEqual(len(self.messages(self.session, "room_info")), 1)

    def test_the_other_subscriber_sees_the_mover_arrive(self):
        session2 = self.second_session()
        self.char1.move_to(self.room2, quiet=True)
        self.subscribe(session2)
        self.start_recording()
        inputfuncs.text(self.session, "look")  # session 1 is not subscribed
        self.assertEqual(self.messages(self.session, "room_info"), [])
        self.char1.move_to(self.room1)
        info = self.last(session2, "room_info")
        self.assertEqual([c["key"] for c in info["characters"]], ["Char"])

    def test_things_picked_up_dropped_and_deleted(self):
        self.subscribe()
        self.start_recording()
        inputfuncs.text(self.session, "get Obj")
        self.assertEqual(
            [t["key"] for t in self.last(self.session, "room_info")["things"]], ["Obj2"]
        )
        inputfuncs.text(self.session, "drop Obj")
        self.assertEqual(
            [t["key"] for t in self.last(self.session, "room_info")["things"]], ["Obj", "Obj2"]
        )
        self.start_recording()
        self.obj2.delete()
        self.assertEqual(
            [t["key"] for t in self.last(self.session, "room_info")["things"]], ["Obj"]
        )

    def test_subscribing_before_puppeting_sends_on_puppet(self):
        self.account.unpuppet_object(self.session)
        self.start_recording()
        self.subscribe()
        self.assertEqual(self.messages(self.session, "room_info"), [])
        self.account.puppet_object(self.session, self.char1)
        self.assertEqual(self.last(self.session, "room_info")["dbref"], f"#{self.room1.id}")

    def test_logout_of_another_character_updates_the_room(self):
        session2 = self.second_session()
        self.subscribe()
        self.assertEqual(len(self.last(self.session, "room_info")["characters"]), 1)
        self.start_recording()
        self.account2.unpuppet_object(session2)
        self.assertEqual(self.last(self.session, "room_info")["characters"], [])
