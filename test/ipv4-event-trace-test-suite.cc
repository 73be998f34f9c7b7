// SPDX-License-Identifier: GPL-2.0-only
//
// Ipv4EventTrace: the lines of one datagram's journey over ns-3's point-to-point links and
// global routing, with times in closed form; over SaginRouting (fast path and stack path) a
// Forward per satellite and no other; a TTL drop and a NoRoute; bad paths and nodes refused.

#include "routing-test-utils.h"

#include "ns3/config.h"
#include "ns3/ipv4-event-trace.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/** One line of the trace, split at its tabs. */
using Line = std::vector<std::string>;

/**
 * \param path a trace file
 * \return its lines, split at the tabs
 */
std::vector<Line>
ReadTrace(const std::string& path)
{
    std::vector<Line> lines;
    std::ifstream in(path);
    std::string text;
    while (std::getline(in, text))
    {
        Line fields;
        std::istringstream row(text);
        std::string field;
        while (std::getline(row, field, '\t'))
        {
            fields.push_back(field);
        }
        lines.push_back(fields);
    }
    return lines;
}

/**
 * \param address an IPv4 address
 * \return it as the trace writes it
 */
std::string
Text(Ipv4Address address)
{
    std::ostringstream text;
    text << address;
    return text.str();
}

/**
 * Send one UDP datagram to port 9.
 * \param from the sending node
 * \param to its destination
 * \param at when
 * \param payload bytes of UDP payload
 * \param ttl its IP TTL (0: the node's default)
 */
void
SendDatagram(Ptr<Node> from, Ipv4Address to, Time at, uint32_t payload, uint8_t ttl = 0)
{
    Ptr<Socket> socket = Socket::CreateSocket(from, UdpSocketFactory::GetTypeId());
    if (ttl > 0)
    {
        socket->SetIpTtl(ttl);
    }
    const InetSocketAddress destination(to, 9);
    Simulator::Schedule(at, [socket, destination, payload]() {
        socket->SendTo(Create<Packet>(payload), 0, destination);
    });
}
} // namespace

/**
 * \ingroup sagin-tests
 * A -- B -- C over ns-3's point-to-point links (1 Mbit/s, 1 ms) with global routing: one
 * datagram of 100 bytes from A to C at 1 s gives three lines, each hop taking its
 * serialisation (130 bytes with IPv4, UDP and PPP headers: 1.04 ms) plus 1 ms; C, with no
 * socket on the port, answers with an ICMP port unreachable (36 bytes, 58 on the wire: 1.464
 * ms per hop), three lines more.
 */
class Ipv4EventTraceStockRoutingTestCase : public TestCase
{
  public:
    Ipv4EventTraceStockRoutingTestCase()
        : TestCase("ns-3's routing: a datagram and its ICMP reply, times in closed form")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(3);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer ab = p2p.Install(nodes.Get(0), nodes.Get(1));
        NetDeviceContainer bc = p2p.Install(nodes.Get(1), nodes.Get(2));
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
        const Ipv4Address a = addresses.Assign(ab).GetAddress(0);
        addresses.NewNetwork();
        const Ipv4Address c = addresses.Assign(bc).GetAddress(1);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        const std::string path = CreateTempDirFilename("stock.tsv");
        Ipv4EventTrace trace(path);
        trace.Install(nodes);
        SendDatagram(nodes.Get(0), c, Seconds(1), 100);
        Simulator::Run();
        const std::size_t written = trace.Flush();
        Simulator::Destroy();

        const std::vector<Line> lines = ReadTrace(path);
        NS_TEST_ASSERT_MSG_EQ(lines.size(), 6u, "one line per event");
        NS_TEST_EXPECT_MSG_EQ(written, 6u, "Flush counts the lines");
        // The Identification as written: the same on each datagram's lines.
        const std::string request = lines[0].size() == 7 ? lines[0][5] : "";
        const std::string reply = lines[3].size() == 7 ? lines[3][5] : "";
        const auto row = [&nodes](const char* ns, uint32_t node, const char* event) {
            return Line{ns, std::to_string(nodes.Get(node)->GetId()), event};
        };
        const auto datagram =
            [](Line line, Ipv4Address from, Ipv4Address to, std::string id, const char* size) {
                line.insert(line.end(), {Text(from), Text(to), id, size});
                return line;
            };
        const std::vector<Line> expected{
            datagram(row("1000000000", 0, "SendOutgoing"), a, c, request, "108"),
            datagram(row("1002040000", 1, "Forward"), a, c, request, "108"),
            datagram(row("1004080000", 2, "LocalDeliver"), a, c, request, "108"),
            datagram(row("1004080000", 2, "SendOutgoing"), c, a, reply, "36"),
            datagram(row("1005544000", 1, "Forward"), c, a, reply, "36"),
            datagram(row("1007008000", 0, "LocalDeliver"), c, a, reply, "36")};
        for (std::size_t i = 0; i < expected.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((lines[i] == expected[i]), true, "line " << i + 1);
        }
    }
};

/**
 * \ingroup sagin-tests
 * Stations A (longitude 0) and B (10 degrees east) under satellites S0 and S1 joined by an
 * ISL, station C at longitude 180 with no satellite in view, SaginRouting everywhere. A
 * datagram from A to B: SendOutgoing at A, Forward at S0 then S1, LocalDeliver at B, one line
 * each and the same Identification, with SaginRouting's fast path and with the stack's (where
 * Ipv4L3Protocol's UnicastForward fires as well and must not add a line): the two traces are
 * the same. A datagram from A with TTL 1 dies at S0 ("Drop (TTL expired)"); one from C finds
 * no route.
 */
class Ipv4EventTraceSaginRoutingTestCase : public TestCase
{
  public:
    Ipv4EventTraceSaginRoutingTestCase()
        : TestCase("SaginRouting: one Forward per satellite on either path, TTL drop, NoRoute")
    {
    }

  private:
    /**
     * \param fastForwarding SaginRouting's FastForwarding
     * \return the trace's lines, and the node ids of A, S0, S1, B, C
     */
    std::pair<std::vector<Line>, std::vector<std::string>> Run(bool fastForwarding)
    {
        Config::SetDefault("ns3::sagin::SaginRouting::FastForwarding",
                           BooleanValue(fastForwarding));
        const double a = WGS84_SEMI_MAJOR_AXIS;
        Scenario s({Fixed(0, 0, 550e3), Fixed(0, 10, 550e3)},
                   {Vector(a, 0, 0), GeodeticToEcef({0, 10, 0}), Vector(-a, 0, 0)},
                   {{0, 1}},
                   MilliSeconds(100));
        Config::SetDefault("ns3::sagin::SaginRouting::FastForwarding", BooleanValue(true));
        const std::string path = CreateTempDirFilename(fastForwarding ? "fast.tsv" : "stack.tsv");
        Ipv4EventTrace trace(path);
        trace.Install(NodeContainer(s.sats, s.grounds));
        SendDatagram(s.grounds.Get(0), s.groundIps.GetAddress(1), Seconds(1), 200);
        SendDatagram(s.grounds.Get(0), s.groundIps.GetAddress(1), Seconds(2), 200, 1);
        SendDatagram(s.grounds.Get(2), s.groundIps.GetAddress(0), Seconds(3), 200);
        Simulator::Stop(Seconds(4));
        Simulator::Run();
        trace.Flush();
        Simulator::Destroy();
        std::vector<std::string> ids;
        for (Ptr<Node> node :
             {s.grounds.Get(0), s.sats.Get(0), s.sats.Get(1), s.grounds.Get(1), s.grounds.Get(2)})
        {
            ids.push_back(std::to_string(node->GetId()));
        }
        return {ReadTrace(path), ids};
    }

    void DoRun() override
    {
        std::vector<Line> fastLines;
        for (bool fast : {true, false})
        {
            const auto [lines, ids] = Run(fast);
            const std::string mode = fast ? "fast path: " : "stack path: ";
            if (fast)
            {
                fastLines = lines;
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ((lines == fastLines), true, "the same trace on both paths");
            }
            std::vector<std::string> journey;
            std::string identification;
            bool sameIdentification = true;
            for (const Line& line : lines)
            {
                NS_TEST_ASSERT_MSG_EQ(line.size(), 7u, mode << "seven fields");
                // The datagram (208 bytes with UDP's header), not B's ICMP reply (36 bytes).
                if (std::stoll(line[0]) < 2000000000 && line[6] == "208")
                {
                    journey.push_back(line[1] + " " + line[2]);
                    identification = identification.empty() ? line[5] : identification;
                    sameIdentification = sameIdentification && line[5] == identification;
                }
            }
            const std::vector<std::string> expected{ids[0] + " SendOutgoing",
                                                    ids[1] + " Forward",
                                                    ids[2] + " Forward",
                                                    ids[3] + " LocalDeliver"};
            NS_TEST_EXPECT_MSG_EQ((journey == expected),
                                  true,
                                  mode << "A -> S0 -> S1 -> B, one line each");
            NS_TEST_EXPECT_MSG_EQ(sameIdentification, true, mode << "one datagram");
            const auto has = [&lines](const std::string& node, const std::string& event) {
                for (const Line& line : lines)
                {
                    if (line.size() == 7 && line[1] == node && line[2] == event)
                    {
                        return true;
                    }
                }
                return false;
            };
            NS_TEST_EXPECT_MSG_EQ(has(ids[1], "Drop (TTL expired)"), true, mode << "TTL 1");
            NS_TEST_EXPECT_MSG_EQ(has(ids[4], "NoRoute"), true, mode << "C sees no satellite");
        }
    }
};

/**
 * \ingroup sagin-tests
 * A file that cannot be created and a node without IPv4 are refused, naming them.
 */
class Ipv4EventTraceBadInputTestCase : public TestCase
{
  public:
    Ipv4EventTraceBadInputTestCase()
        : TestCase("unwritable path and nodes without IPv4 refused")
    {
    }

  private:
    void DoRun() override
    {
        const std::string missing = CreateTempDirFilename("no-such-directory/trace.tsv");
        std::string message;
        try
        {
            Ipv4EventTrace trace(missing);
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(message.find(missing), std::string::npos, message);
        NodeContainer bare;
        bare.Create(1);
        Ipv4EventTrace trace(CreateTempDirFilename("bare.tsv"));
        message.clear();
        try
        {
            trace.Install(bare);
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        const std::string node = "node " + std::to_string(bare.Get(0)->GetId());
        NS_TEST_EXPECT_MSG_NE(message.find(node + " has no IPv4 stack"),
                              std::string::npos,
                              message);
        NS_TEST_EXPECT_MSG_EQ(trace.Flush(), 0u, "nothing written");
        Simulator::Destroy();
    }
};

/** \ingroup sagin-tests The Ipv4EventTrace suite. */
class Ipv4EventTraceTestSuite : public TestSuite
{
  public:
    Ipv4EventTraceTestSuite()
        : TestSuite("sagin-ipv4-event-trace", Type::UNIT)
    {
        AddTestCase(new Ipv4EventTraceStockRoutingTestCase);
        AddTestCase(new Ipv4EventTraceSaginRoutingTestCase);
        AddTestCase(new Ipv4EventTraceBadInputTestCase);
    }
};

static Ipv4EventTraceTestSuite g_ipv4EventTraceTestSuite; //!< registers the suite
