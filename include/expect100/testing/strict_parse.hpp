// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// A strict HTTP/1.1 message-stream parser for tests and fuzzing: the oracle of the fuzz kit
// (fuzz_driver.hpp). Not for production: it allocates freely and keeps every message it saw.
//
// Theory of operation
// -------------------
// A stream (request_stream, response_stream) is fed bytes in any cuts and cuts them into
// messages, each with its raw head, its facts and its decoded content. It judges a head in two
// layers:
//   1. the wire (this file): lines end in CRLF, never a bare CR or LF (RFC 9112 §2.2); no line
//      folding (obs-fold, §5.2); a field line is `token ":" OWS value OWS` with nothing between
//      the name and the colon (§5.1); a request line is `method SP target SP HTTP/d.d` (§3), a
//      status line `HTTP/d.d SP ddd SP reason` (§4);
//   2. the semantics: the library's own analysers (message.hpp) on the tokenised head, which
//      refuse every framing that RFC 9112 §6.3 makes untrustworthy and every control
//      character in a field value (RFC 9110 §5.5, G-11).
// The first fault ends the stream: after an untrusted head no later byte can be placed
// (`broken()`), exactly as a server must close after answering 400 (§6.3). A CONNECT request
// and a 101 or a 2xx to CONNECT end it too, without a fault: what follows may be a tunnel. RFC 9112
// §2.2 lets a server skip empty lines before a request line; the stream does so.
//
// Bodies follow the facts: Content-Length, chunked (§7.1, chunk extensions allowed and
// ignored, trailer lines checked like field lines), until the close for responses (§6.3 #8),
// none for HEAD, 1xx, 204 and 304 responses.
#ifndef EXPECT100_TESTING_STRICT_PARSE_HPP
#define EXPECT100_TESTING_STRICT_PARSE_HPP

#include <expect100/message.hpp>

#include <expect100/detail/ascii.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace expect100::testing {

// Why a head or a body was refused at the wire level, before any field was interpreted.
enum class wire_fault : std::uint8_t {
    none,
    bare_cr,             // CR not followed by LF (RFC 9112 §2.2)
    bare_lf,             // LF without CR (§2.2: a recipient MAY accept it; a strict one does not)
    obs_fold,            // a line starting with SP or HTAB (§5.2)
    space_before_colon,  // "Name : value" (§5.1: MUST be rejected with 400)
    bad_field_name,      // empty, or not a token
    bad_start_line,      // not `method SP target SP version`, or not `version SP status SP reason`
    bad_chunk,           // a chunk size, chunk end or last-chunk line that does not parse (§7.1)
    head_too_large,      // longer than the stream's limit without its blank line
    semantics,           // the analysers refused the head: see the message's facts' fault
};

constexpr std::string_view to_string(wire_fault f) noexcept {
    switch (f) {
    case wire_fault::none: return "none";
    case wire_fault::bare_cr: return "bare CR (RFC 9112 §2.2)";
    case wire_fault::bare_lf: return "bare LF (RFC 9112 §2.2)";
    case wire_fault::obs_fold: return "obs-fold (RFC 9112 §5.2)";
    case wire_fault::space_before_colon: return "whitespace before the colon (RFC 9112 §5.1)";
    case wire_fault::bad_field_name: return "field name not a token (RFC 9110 §5.1)";
    case wire_fault::bad_start_line: return "malformed start line (RFC 9112 §3, §4)";
    case wire_fault::bad_chunk: return "malformed chunked coding (RFC 9112 §7.1)";
    case wire_fault::head_too_large: return "head larger than the limit";
    case wire_fault::semantics: return "refused by the message analysers (RFC 9112 §6.3)";
    }
    return "?";
}

struct parsed_field {
    std::string name, value;
};

// One message of a stream, as far as it arrived.
struct parsed_message {
    std::size_t offset = 0;                    // where its head began in the stream
    std::string head;                          // the raw head, its blank line included
    std::string method, target, version_text;  // request line
    unsigned status = 0;                       // status line
    std::string reason;
    std::vector<parsed_field> fields;
    request_facts request;    // for a request stream
    response_facts response;  // for a response stream
    wire_fault fault = wire_fault::none;
    std::string content;  // decoded: no chunk framing
    bool head_complete = false;
    bool complete = false;  // head and content both ended

    bool valid() const noexcept { return fault == wire_fault::none; }
    bool is_interim() const noexcept { return status >= 100 && status < 200 && status != 101; }
};

namespace detail {

// The character classes are the analysers' own (detail/ascii.hpp): one definition of a token.
using expect100::detail::is_ctl;
using expect100::detail::is_tchar;
using expect100::detail::trim_ows;

constexpr bool is_token(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s) {
        if (!is_tchar(c)) return false;
    }
    return true;
}
constexpr bool is_http_version(std::string_view v) noexcept {
    return v.size() == 8 && v.substr(0, 5) == "HTTP/" && v[5] >= '0' && v[5] <= '9' &&
           v[6] == '.' && v[7] >= '0' && v[7] <= '9';
}

// Splits a head (CRLF CRLF included) into lines, refusing bare CR and LF.
inline wire_fault split_lines(std::string_view head, std::vector<std::string_view>& lines) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < head.size(); ++i) {
        if (head[i] == '\r') {
            if (i + 1 >= head.size() || head[i + 1] != '\n') return wire_fault::bare_cr;
            lines.push_back(head.substr(start, i - start));
            ++i;
            start = i + 1;
        } else if (head[i] == '\n') {
            return wire_fault::bare_lf;
        }
    }
    return wire_fault::none;
}

// Field lines (the lines after the start line, without the final empty one).
inline wire_fault parse_field_lines(const std::vector<std::string_view>& lines, std::size_t first,
                                    std::vector<parsed_field>& out) {
    for (std::size_t i = first; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.empty()) break;  // the blank line
        if (line.front() == ' ' || line.front() == '\t') return wire_fault::obs_fold;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return wire_fault::bad_field_name;
        const std::string_view name = line.substr(0, colon);
        if (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            return wire_fault::space_before_colon;
        if (!is_token(name)) return wire_fault::bad_field_name;
        const std::string_view value = trim_ows(line.substr(colon + 1));
        out.push_back({std::string(name), std::string(value)});
    }
    return wire_fault::none;
}

template <class Fields>
struct field_view_range {  // name/value pairs as string_views, for the analysers
    const Fields& fields;
    struct iterator {
        typename Fields::const_iterator it;
        std::pair<std::string_view, std::string_view> operator*() const {
            return {it->name, it->value};
        }
        iterator& operator++() {
            ++it;
            return *this;
        }
        bool operator!=(const iterator& o) const { return it != o.it; }
    };
    iterator begin() const { return {fields.begin()}; }
    iterator end() const { return {fields.end()}; }
};

// A body decoder for one message: Content-Length, chunked, or until the close.
class body_decoder {
public:
    void start(body_framing framing, std::uint64_t length) {
        framing_ = framing;
        left_ = length;
        phase_ = framing == body_framing::chunked ? phase::size_line : phase::data;
        done_ = framing == body_framing::none ||
                (framing == body_framing::content_length && length == 0);
    }
    bool done() const noexcept { return done_; }
    bool until_close() const noexcept { return framing_ == body_framing::until_close; }

    // Consumes what it can of `in` into `content`. @return bytes used, or npos on a fault.
    std::size_t feed(std::string_view in, std::string& content) {
        std::size_t used = 0;
        while (!done_ && used < in.size()) {
            const std::string_view rest = in.substr(used);
            if (framing_ == body_framing::until_close) {
                content.append(rest);
                return in.size();
            }
            if (phase_ == phase::data) {
                const std::size_t n =
                    static_cast<std::size_t>(std::min<std::uint64_t>(left_, rest.size()));
                content.append(rest.substr(0, n));
                used += n;
                left_ -= n;
                if (left_ == 0) {
                    if (framing_ == body_framing::content_length) {
                        done_ = true;
                    } else {
                        phase_ = phase::data_end;
                    }
                }
                continue;
            }
            const std::size_t eol = rest.find("\r\n");
            if (eol == std::string_view::npos) {
                if (rest.find('\n') != std::string_view::npos || rest.size() > 4096)
                    return std::string_view::npos;
                return used;  // a line not yet complete
            }
            const std::string_view line = rest.substr(0, eol);
            if (line.find('\r') != std::string_view::npos ||
                line.find('\n') != std::string_view::npos)
                return std::string_view::npos;
            used += eol + 2;
            switch (phase_) {
            case phase::data_end:
                if (!line.empty()) return std::string_view::npos;
                phase_ = phase::size_line;
                break;
            case phase::size_line: {
                const std::size_t semi = line.find(';');
                const std::string_view digits = line.substr(0, semi);
                if (digits.empty() || digits.size() > 15) return std::string_view::npos;
                std::uint64_t n = 0;
                for (char c : digits) {
                    const int d = c >= '0' && c <= '9'   ? c - '0'
                                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                         : -1;
                    if (d < 0) return std::string_view::npos;
                    n = n * 16 + static_cast<std::uint64_t>(d);
                }
                if (semi != std::string_view::npos) {
                    for (char c : line.substr(semi)) {
                        if (is_ctl(c)) return std::string_view::npos;
                    }
                }
                left_ = n;
                phase_ = n == 0 ? phase::trailers : phase::data;
                break;
            }
            case phase::trailers: {
                if (line.empty()) {
                    done_ = true;
                    break;
                }
                std::vector<std::string_view> one{line};
                std::vector<parsed_field> ignored;
                if (parse_field_lines(one, 0, ignored) != wire_fault::none)
                    return std::string_view::npos;
                break;
            }
            case phase::data: break;  // handled above
            }
        }
        return used;
    }

private:
    enum class phase : std::uint8_t { size_line, data, data_end, trailers };
    body_framing framing_ = body_framing::none;
    std::uint64_t left_ = 0;
    phase phase_ = phase::data;
    bool done_ = true;
};

}  // namespace detail

// The common part of the two streams: buffering, the head limit and the body.
class message_stream {
public:
    virtual ~message_stream() = default;

    const std::deque<parsed_message>& messages() const noexcept { return messages_; }

    // Bytes in any cuts: the body in progress, then each head as it completes.
    void feed(std::string_view bytes) {
        seen_ += bytes.size();
        if (broken_) return;
        pending_.append(bytes);
        for (;;) {
            if (in_body_) {
                parsed_message& m = messages_.back();
                if (!feed_body(m)) return;
                if (!m.complete) return;
                in_body_ = false;
            }
            parsed_message m;
            if (!take_head(m)) {
                if (m.fault != wire_fault::none) {
                    messages_.push_back(std::move(m));
                    broken_ = true;
                }
                return;
            }
            judge(m);
            messages_.push_back(std::move(m));
            parsed_message& back = messages_.back();
            if (!back.valid()) {
                broken_ = true;
                return;
            }
            const auto [framing, length] = framing_of(back);
            body_.start(framing, length);
            back.complete = body_.done();
            in_body_ = !back.complete;
            if (ends_http(back)) {  // a tunnel may follow: nothing after it is judged as HTTP
                broken_ = true;
                return;
            }
        }
    }
    // A fault ended the stream: nothing after the faulty message can be placed.
    bool broken() const noexcept { return broken_; }
    std::size_t bytes_seen() const noexcept { return seen_; }

protected:
    message_stream(std::size_t head_limit, bool skip_empty_lines)
        : head_limit_(head_limit), skip_empty_lines_(skip_empty_lines) {}

    // Fills a complete head's start line, fields, facts and fault.
    virtual void judge(parsed_message& m) = 0;
    // How the content of a valid message is delimited.
    virtual std::pair<body_framing, std::uint64_t> framing_of(const parsed_message& m) const = 0;
    // Whether HTTP ends on the connection after this valid message (CONNECT, 101, a tunnel).
    virtual bool ends_http(parsed_message& m) = 0;

    // Splits the next head off the buffer; false when it has not all arrived yet.
    bool take_head(parsed_message& m) {
        if (skip_empty_lines_) {
            while (pending_.size() >= 2 && pending_.compare(0, 2, "\r\n") == 0) {
                pending_.erase(0, 2);
                consumed_ += 2;
                skipped_ = true;
            }
        }
        const std::size_t end = pending_.find("\r\n\r\n");
        if (end == std::string::npos) {
            if (pending_.size() > head_limit_) {
                m.offset = consumed_;
                m.head = pending_;
                m.fault = wire_fault::head_too_large;
            }
            return false;
        }
        m.offset = consumed_;
        m.head = pending_.substr(0, end + 4);
        pending_.erase(0, end + 4);
        consumed_ += end + 4;
        m.head_complete = true;
        skipped_ = false;
        return true;
    }

    // Feeds the body of the last message; @return false on a fault (the stream is then broken).
    bool feed_body(parsed_message& m) {
        const std::size_t used = body_.feed(pending_, m.content);
        if (used == std::string::npos) {
            m.fault = wire_fault::bad_chunk;
            broken_ = true;
            return false;
        }
        pending_.erase(0, used);
        consumed_ += used;
        if (body_.done()) m.complete = true;
        return true;
    }

    std::string pending_;
    std::size_t consumed_ = 0;
    std::size_t seen_ = 0;
    std::size_t head_limit_;
    bool skip_empty_lines_;
    std::deque<parsed_message> messages_;
    detail::body_decoder body_;
    bool in_body_ = false;
    bool broken_ = false;
    bool skipped_ = false;  // empty lines skipped since the last head
};

// Requests, as a server reads them (what a client sent, or what reached an origin).
class request_stream final : public message_stream {
public:
    explicit request_stream(std::size_t head_limit = 64 * 1024)
        : message_stream(head_limit, /*skip_empty_lines=*/true) {}

    // Bytes after the last message that are not a whole head yet: part of one, or the empty
    // lines a server may skip before a request line (RFC 9112 §2.2) and may also refuse.
    bool partial_head() const noexcept {
        return !broken_ && !in_body_ && (!pending_.empty() || skipped_);
    }

private:
    std::pair<body_framing, std::uint64_t> framing_of(const parsed_message& m) const override {
        return {m.request.framing, m.request.content_length};
    }
    bool ends_http(parsed_message& m) override {
        return m.request.method == request_method::connect;
    }
    void judge(parsed_message& m) override {
        std::vector<std::string_view> lines;
        m.fault = detail::split_lines(m.head, lines);
        if (m.fault != wire_fault::none) return;
        const std::string_view line = lines.front();
        const std::size_t s1 = line.find(' ');
        const std::size_t s2 = s1 == std::string_view::npos ? s1 : line.find(' ', s1 + 1);
        if (s2 == std::string_view::npos || line.find(' ', s2 + 1) != std::string_view::npos) {
            m.fault = wire_fault::bad_start_line;
            return;
        }
        const std::string_view method = line.substr(0, s1);
        const std::string_view target = line.substr(s1 + 1, s2 - s1 - 1);
        const std::string_view version = line.substr(s2 + 1);
        bool target_ok = !target.empty();
        for (char c : target) {
            target_ok = target_ok && !detail::is_ctl(c) && c != ' ' && c != '\t';
        }
        if (!detail::is_token(method) || !target_ok || !detail::is_http_version(version)) {
            m.fault = wire_fault::bad_start_line;
            return;
        }
        m.method = method;
        m.target = target;
        m.version_text = version;
        m.fault = detail::parse_field_lines(lines, 1, m.fields);
        if (m.fault != wire_fault::none) return;
        m.request =
            analyze_request_head(method, to_http_version(version),
                                 detail::field_view_range<std::vector<parsed_field>>{m.fields});
        if (!m.request.valid()) m.fault = wire_fault::semantics;
    }
};

// Responses, as a client reads them. Each final response answers the next request method in
// `expect_response_to` (HEAD changes the framing, RFC 9112 §6.3 #1); a 1xx answers none.
class response_stream final : public message_stream {
public:
    explicit response_stream(std::size_t head_limit = 64 * 1024)
        : message_stream(head_limit, /*skip_empty_lines=*/false) {}

    // The methods of the requests the responses answer, in order, as they are sent.
    void expect_response_to(request_method m) { methods_.push_back(m); }

    // The connection closed: a response delimited by the close ends here (§6.3 #8).
    void end() {
        if (in_body_ && body_.until_close()) {
            messages_.back().complete = true;
            in_body_ = false;
        }
    }

    std::size_t finals() const noexcept { return finals_; }

private:
    std::pair<body_framing, std::uint64_t> framing_of(const parsed_message& m) const override {
        return {m.response.framing, m.response.content_length};
    }
    bool ends_http(parsed_message& m) override {
        if (!m.is_interim()) ++finals_;
        if (m.status != 101 && m.response.framing != body_framing::tunnel) return false;
        m.complete = true;  // the head is all of it that is HTTP
        return true;
    }
    void judge(parsed_message& m) override {
        std::vector<std::string_view> lines;
        m.fault = detail::split_lines(m.head, lines);
        if (m.fault != wire_fault::none) return;
        const std::string_view line = lines.front();
        const std::size_t s1 = line.find(' ');
        if (s1 != 8 || line.size() < 12 || !detail::is_http_version(line.substr(0, 8)) ||
            (line.size() > 12 && line[12] != ' ')) {
            m.fault = wire_fault::bad_start_line;
            return;
        }
        unsigned status = 0;
        for (char c : line.substr(9, 3)) {
            if (c < '0' || c > '9') {
                m.fault = wire_fault::bad_start_line;
                return;
            }
            status = status * 10 + static_cast<unsigned>(c - '0');
        }
        m.version_text = line.substr(0, 8);
        m.status = status;
        m.reason = line.size() > 13 ? line.substr(13) : std::string_view{};
        m.fault = detail::parse_field_lines(lines, 1, m.fields);
        if (m.fault != wire_fault::none) return;
        const bool interim = status >= 100 && status < 200 && status != 101;
        request_method method = request_method::get;
        if (!interim && finals_ < methods_.size()) method = methods_[finals_];
        m.response = analyze_response_head(
            status, to_http_version(line.substr(0, 8)),
            detail::field_view_range<std::vector<parsed_field>>{m.fields}, method);
        if (!m.response.valid()) m.fault = wire_fault::semantics;
    }

    std::vector<request_method> methods_;
    std::size_t finals_ = 0;
};

}  // namespace expect100::testing

#endif  // EXPECT100_TESTING_STRICT_PARSE_HPP
