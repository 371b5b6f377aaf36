// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// `suite --fuzz N`: N requests mutated from a corpus, each sent through the proxy on a fresh
// connection, each judged at the origin. The oracle is the fuzz kit's strict parser: it reads
// the client's bytes into the requests a strict server would see, the refused one included
// (its start line, since a lenient proxy may still read it). A request that reaches the origin
// with a start line the client never wrote at a request's place is a desync or a smuggled
// request (RFC 9112 §6.3, §9.3); a head the strict parser refuses reaching the origin is a
// forwarded malformed head (RFC 9112 §5). Both are reported with the bytes that caused them.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_FUZZ_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_FUZZ_HPP

#include "report.hpp"
#include "runner.hpp"

#include <expect100/testing/scenario.hpp>
#include <expect100/testing/strict_parse.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace expect100::examples::suite {

class fuzz_campaign {
public:
    fuzz_campaign(asio::io_context& io, const suite_settings& s, scripted_origin& origin,
                  timeline& clock, std::uint64_t seed)
        : io_(io), s_(s), origin_(origin), clock_(clock), state_(seed | 1U) {}

    // Raw requests (*.http) and the client bytes of scenarios (*.scenario) from `dir`; without
    // a directory, a built-in handful (an Expect upload, chunked, pipelined, two smuggling shapes).
    void load(const std::string& dir) {
        if (!dir.empty()) {
            for (const auto& entry : std::filesystem::directory_iterator(dir)) {
                const std::string ext = entry.path().extension().string();
                if (ext != ".http" && ext != ".scenario") continue;
                std::ifstream in(entry.path(), std::ios::binary);
                std::string bytes((std::istreambuf_iterator<char>(in)), {});
                if (ext == ".scenario") bytes = testing::decode_scenario(bytes).client_bytes;
                seeds_.emplace_back(entry.path().filename().string(), rehost(bytes));
            }
            if (seeds_.empty()) throw usage_error("no .http or .scenario file in " + dir);
            std::sort(seeds_.begin(), seeds_.end());
            return;
        }
        const std::string host = "\r\nHost: " + host_field(s_.where) + "\r\n";
        const std::string t = s_.where.target;
        seeds_ = {
            {"expect", "POST " + t + " HTTP/1.1" + host +
                           "Expect: 100-continue\r\nContent-Length: 5\r\n\r\nhello"},
            {"chunked", "POST " + t + " HTTP/1.1" + host +
                            "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"},
            {"pipelined",
             "GET " + t + " HTTP/1.1" + host + "\r\nGET " + t + "?b HTTP/1.1" + host + "\r\n"},
            {"cl-te", "POST " + t + " HTTP/1.1" + host +
                          "Content-Length: 35\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET "
                          "/smuggled HTTP/1.1\r\nX: y\r\n\r\n"},
            {"obs-fold", "POST " + t + " HTTP/1.1" + host +
                             "Expect:\r\n 100-continue\r\nContent-Length: 3\r\n\r\nabc"},
        };
    }

    std::vector<fuzz_finding> run(std::size_t n) {
        std::vector<fuzz_finding> found;
        std::set<std::string> previous;  // a late arrival from the iteration before is no finding
        std::string last_seed, last_sent;
        iterations_ = 0;
        for (std::size_t i = 1; i <= n; ++i) {
            const auto& [name, seed] = seeds_[next() % seeds_.size()];
            const std::string bytes = mutate(seed);
            std::set<std::string> lines = start_lines(bytes);
            origin_.set_script(origin_script{{{100, std::chrono::milliseconds(0)}},
                                             200,
                                             final_timing::after_body,
                                             connection_after::keep_alive,
                                             origin_version::http11});
            clock_.restart();
            {
                suite_client c(io_, s_.where, s_.tls, clock_, static_cast<unsigned>(i));
                if (const std::string error = c.connect(); !error.empty()) {
                    // The proxy stopped accepting: a crash is likeliest, and the bytes sent
                    // last its likeliest cause. The campaign ends here.
                    found.push_back({i - 1, last_seed, last_sent, error, "proxy_unreachable"});
                    return found;  // iterations() says how far it got
                }
                c.send(bytes, "mutated request");
                iterations_ = i;
                c.linger(std::chrono::milliseconds(250));
            }
            last_seed = name;
            last_sent = bytes;
            io_.restart();
            io_.run_for(std::chrono::milliseconds(30));
            for (const origin_request& r : origin_.requests()) {
                std::string code;
                if (r.fault != testing::wire_fault::none) {
                    code = "forwarded_invalid_head";
                } else if (!sent(lines, r) && !sent(previous, r)) {
                    code = "request_not_sent";
                }
                if (code.empty() || found.size() >= 20) continue;
                found.push_back({i, name, bytes, printable(r.start_line, 200), code});
            }
            previous = std::move(lines);
        }
        return found;
    }

private:
    // The start line of every request a strict server reads in `bytes`, the refused one too.
    static std::set<std::string> start_lines(const std::string& bytes) {
        testing::request_stream oracle;
        oracle.feed(bytes);
        std::set<std::string> lines;
        for (const testing::parsed_message& m : oracle.messages()) {
            lines.insert(m.head.substr(0, m.head.find_first_of("\r\n")));
        }
        if (oracle.partial_head()) lines.insert("(partial)");
        return lines;
    }

    // Whether a request line the client wrote matches what reached the origin: the same
    // method and a target that is the client's, or its path once a proxy rewrote an
    // absolute-form target (RFC 9112 §3.2.2).
    static bool sent(const std::set<std::string>& lines, const origin_request& r) {
        for (const std::string& line : lines) {
            const std::size_t s1 = line.find(' ');
            const std::size_t s2 = line.rfind(' ');
            if (s1 == std::string::npos || s2 <= s1) continue;
            const std::string method = line.substr(0, s1);
            const std::string target = line.substr(s1 + 1, s2 - s1 - 1);
            if (method != r.method) continue;
            if (target == r.target) return true;
            if (target.size() > r.target.size() &&
                target.compare(target.size() - r.target.size(), r.target.size(), r.target) == 0) {
                return true;
            }
        }
        return false;
    }

    // The seed's Host field becomes the proxy's, so host-based routing still reaches the origin.
    std::string rehost(std::string bytes) const {
        const std::string from = "Host: origin.example";
        const std::string to = "Host: " + host_field(s_.where);
        for (std::size_t at = bytes.find(from); at != std::string::npos;
             at = bytes.find(from, at + to.size())) {
            bytes.replace(at, from.size(), to);
        }
        return bytes;
    }

    std::uint64_t next() {  // xorshift64
        state_ ^= state_ << 13U;
        state_ ^= state_ >> 7U;
        state_ ^= state_ << 17U;
        return state_;
    }

    // One to four edits of the kinds that make parsers disagree: framing bytes, duplicated
    // lines, changed digits, and tokens of the dictionary's sort.
    std::string mutate(std::string bytes) {
        static constexpr std::string_view tokens[] = {"\r\n",
                                                      "\n",
                                                      "\r",
                                                      " ",
                                                      "\t",
                                                      ":",
                                                      ",",
                                                      std::string_view("\0", 1),
                                                      "chunked",
                                                      "0\r\n\r\n",
                                                      "Transfer-Encoding: chunked\r\n",
                                                      "Content-Length: 0\r\n",
                                                      "Expect: 100-continue\r\n",
                                                      "Connection: close\r\n",
                                                      "HTTP/1.0",
                                                      "\r\n\r\nGET /e100-smuggled HTTP/1.1\r\n"};
        static const char bytes_of_note[] = {'\r', '\n', '\0',   ' ',    '\t', ':', ',',
                                             ';',  '"',  '\x01', '\x7f', '0',  '9', 'a'};
        const int edits = 1 + static_cast<int>(next() % 4U);
        for (int e = 0; e < edits && !bytes.empty(); ++e) {
            const std::size_t at = next() % bytes.size();
            switch (next() % 6U) {
            case 0: bytes[at] = bytes_of_note[next() % sizeof bytes_of_note]; break;
            case 1: {
                const std::string_view t = tokens[next() % std::size(tokens)];
                bytes.insert(at, t.data(), t.size());
                break;
            }
            case 2: bytes.erase(at, 1 + next() % 8U); break;
            case 3: {  // duplicate the line around `at`
                const std::size_t begin = bytes.rfind('\n', at);
                const std::size_t end = bytes.find('\n', at);
                if (begin == std::string::npos || end == std::string::npos) break;
                bytes.insert(end + 1, bytes.substr(begin + 1, end - begin));
                break;
            }
            case 4: {  // change a digit
                const std::size_t d = bytes.find_first_of("0123456789", at);
                if (d != std::string::npos) bytes[d] = static_cast<char>('0' + next() % 10U);
                break;
            }
            default: {  // CRLF becomes LF
                const std::size_t crlf = bytes.find("\r\n", at);
                if (crlf != std::string::npos) bytes.erase(crlf, 1);
                break;
            }
            }
        }
        return bytes;
    }

    asio::io_context& io_;
    const suite_settings& s_;
    scripted_origin& origin_;
    timeline& clock_;
    std::uint64_t state_;
    std::vector<std::pair<std::string, std::string>> seeds_;
    std::size_t iterations_ = 0;

public:
    // How many mutated requests the last run() sent.
    std::size_t iterations() const noexcept { return iterations_; }
};

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_FUZZ_HPP
