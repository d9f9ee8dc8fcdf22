"""
Tests of the Portal service plugin that lengthens the listeners' accept queues.

"""

from django.test import SimpleTestCase
from twisted.application import internet, service
from twisted.internet import protocol

from server.conf.portal_services_plugins import raise_listen_backlogs


class TestListenBacklog(SimpleTestCase):
    """The plugin runs before the Portal's listeners start, and only touches TCP listeners."""

    def make_portal(self):
        portal = service.MultiService()
        telnet = internet.TCPServer(0, protocol.ServerFactory(), interface="127.0.0.1")
        telnet.setName("EvenniaTelnet:4000")
        telnet.setServiceParent(portal)
        ticker = internet.TimerService(60, lambda: None)
        ticker.setName("Ticker")
        ticker.setServiceParent(portal)
        return portal, telnet

    def test_a_telnet_listener_that_has_not_started_gets_the_longer_backlog(self):
        portal, telnet = self.make_portal()
        self.assertEqual(raise_listen_backlogs(portal, 1024), ["EvenniaTelnet:4000"])
        self.assertEqual(telnet.kwargs["backlog"], 1024)
        self.assertEqual(telnet.kwargs["interface"], "127.0.0.1")

    def test_a_listener_already_running_is_left_alone(self):
        portal, telnet = self.make_portal()
        telnet.running = 1
        self.assertEqual(raise_listen_backlogs(portal, 1024), [])
        self.assertNotIn("backlog", telnet.kwargs)
