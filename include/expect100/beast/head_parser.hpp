// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Callback parsing for programs that relay bytes (proxies) or want no message model at all:
// Beast's basic_parser, fed raw bytes, reports the start line and each field to
//   - the library's head analyser (request_head_analyzer / response_head_analyzer), which
//     yields the facts the machines take, and
//   - a head_record, which keeps the start line and the field lines in one buffer it owns, so
//     that the head can be written on (a proxy's job) without a header container.
// After the head, the parser only finds where the body ends: the bytes put() consumes are the
// body as it travelled (chunked framing included) and can be relayed as they are, while the
// content byte count the machines need is counted from the callbacks. Never decoding and
// re-encoding is what makes a relay cheap (docs/design/proxy_performance.md: about 2.5x fewer
// instructions per request than Beast's message model).
//
// Why not http::parser<true, empty_body>: the header container and serializer are the cost this
// file avoids; facts.hpp is there for programs that have a beast::http message already.
//
// Hop-by-hop fields (RFC 9110 §7.6.1, P-10): Connection, the fields it names, Keep-Alive,
// Proxy-Connection, TE and Upgrade are marked in the record and never written on.
// Content-Length and Transfer-Encoding are kept: the body is relayed with its own framing.
#ifndef EXPECT100_BEAST_HEAD_PARSER_HPP
#define EXPECT100_BEAST_HEAD_PARSER_HPP

#include <expect100/message.hpp>
#include <expect100/wire.hpp>

#include <expect100/detail/ascii.hpp>
#include <expect100/detail/list.hpp>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace expect100::beast {

namespace http = boost::beast::http;

// What to do with the Expect field when a request head is written on.
enum class expect_line : std::uint8_t {
    keep,  // as received (forward_head)
    drop,  // removed (forward_head_without_expect; nginx, Envoy and our own 100 do this)
    add,   // Expect: 100-continue added (forward_head_adding_expect, httpd's ping)
};

// The Connection field of a response written on.
enum class connection_field : std::uint8_t {
    none,   // none: HTTP/1.1 keep-alive is the default
    close,  // Connection: close (the proxy will close after this response)
};

// Whether a response's framing fields are written as received.
enum class framing_fields : std::uint8_t { keep, drop_transfer_encoding };

class head_record {
public:
    struct field_entry {
        std::uint32_t name_at = 0;
        std::uint32_t name_size = 0;
        std::uint32_t value_at = 0;
        std::uint32_t value_size = 0;
        http::field id = http::field::unknown;
        bool hop_by_hop = false;
    };

    void clear() noexcept {
        text_.clear();
        fields_.clear();
        method_size_ = target_size_ = 0;
        version_ = 11;
        status_ = 0;
    }

    // ---- Filled by the parsers -------------------------------------------------------------
    void set_request_line(std::string_view method, std::string_view target, unsigned version) {
        clear();
        text_.append(method);
        text_.append(target);
        method_size_ = static_cast<std::uint32_t>(method.size());
        target_size_ = static_cast<std::uint32_t>(target.size());
        version_ = version;
    }
    void set_status_line(unsigned status, std::string_view reason, unsigned version) {
        clear();
        text_.append(reason);
        target_size_ = static_cast<std::uint32_t>(reason.size());  // the reason takes its place
        status_ = status;
        version_ = version;
    }
    void add_field(http::field id, std::string_view name, std::string_view value) {
        field_entry e;
        e.id = id;
        e.name_at = static_cast<std::uint32_t>(text_.size());
        e.name_size = static_cast<std::uint32_t>(name.size());
        text_.append(name);
        e.value_at = static_cast<std::uint32_t>(text_.size());
        e.value_size = static_cast<std::uint32_t>(value.size());
        text_.append(value);
        e.hop_by_hop = id == http::field::connection || id == http::field::keep_alive ||
                       id == http::field::proxy_connection || id == http::field::te ||
                       id == http::field::upgrade;
        fields_.push_back(e);
    }
    // Marks the fields the Connection field names (RFC 9110 §7.6.1). Called once, at the end
    // of the head, when every Connection line is in.
    void mark_connection_options() {
        for (const field_entry& c : fields_) {
            if (c.id != http::field::connection) continue;
            (void)::expect100::detail::for_each_list_member(
                value_of(c), [&](std::string_view option) {
                    for (field_entry& f : fields_) {
                        if (!f.hop_by_hop && ::expect100::detail::iequals(name_of(f), option))
                            f.hop_by_hop = true;
                    }
                    return true;
                });
        }
    }

    // ---- Read ------------------------------------------------------------------------------
    std::string_view method() const noexcept { return {text_.data(), method_size_}; }
    std::string_view target() const noexcept { return {text_.data() + method_size_, target_size_}; }
    std::string_view reason() const noexcept { return {text_.data(), target_size_}; }
    unsigned version() const noexcept { return version_; }
    unsigned status() const noexcept { return status_; }
    const std::vector<field_entry>& fields() const noexcept { return fields_; }
    std::string_view name_of(const field_entry& f) const noexcept {
        return {text_.data() + f.name_at, f.name_size};
    }
    std::string_view value_of(const field_entry& f) const noexcept {
        return {text_.data() + f.value_at, f.value_size};
    }
    // The first value of a field, or empty.
    std::string_view find(http::field id) const noexcept {
        for (const field_entry& f : fields_) {
            if (f.id == id) return value_of(f);
        }
        return {};
    }

    // ---- Write on (a proxy's outgoing heads) -------------------------------------------------
    // The request head for the next hop, in HTTP/1.1 whatever the client spoke (P-7), without
    // hop-by-hop fields, with Expect as `expect` says, and a Via line (RFC 9110 §7.6.3).
    void write_request_head(std::string& out, expect_line expect, std::string_view via) const {
        out.append(method());
        out.push_back(' ');
        out.append(target());
        out.append(" HTTP/1.1\r\n");
        for (const field_entry& f : fields_) {
            if (f.hop_by_hop) continue;
            if (f.id == http::field::expect && expect != expect_line::keep) {
                // 100-continue is answered here (or asked anew); other expectations travel on
                // (P-6): the one rule of wire.hpp, a line left out when nothing remains.
                const std::size_t mark = out.size();
                out.append(name_of(f));
                out.append(": ");
                if (append_expect_without_continue(out, value_of(f))) {
                    out.append("\r\n");
                } else {
                    out.resize(mark);
                }
                continue;
            }
            append_line(out, f);
        }
        if (expect == expect_line::add) out.append("Expect: 100-continue\r\n");
        append_via(out, via);
        out.append("\r\n");
    }
    // The response head for the client: our own version (P-7), no hop-by-hop fields, Connection
    // as `connection` says. For a 1xx, also no Content-Length or Transfer-Encoding (G-17).
    // With framing_fields::drop_transfer_encoding the body is relayed decoded and delimited by
    // the close (an HTTP/1.0 client cannot read chunked, RFC 9112 §6.1).
    void write_response_head(std::string& out, connection_field connection, std::string_view via,
                             framing_fields framing = framing_fields::keep) const {
        const bool interim = status_ >= 100 && status_ < 200;
        out.append("HTTP/1.1 ");
        append_status(out, status_);
        out.push_back(' ');
        out.append(reason());
        out.append("\r\n");
        for (const field_entry& f : fields_) {
            if (f.hop_by_hop) continue;
            if (interim &&
                (f.id == http::field::content_length || f.id == http::field::transfer_encoding)) {
                continue;
            }
            if (framing == framing_fields::drop_transfer_encoding &&
                f.id == http::field::transfer_encoding) {
                continue;
            }
            append_line(out, f);
        }
        if (!interim) append_via(out, via);
        if (connection == connection_field::close && !interim) out.append("Connection: close\r\n");
        out.append("\r\n");
    }

private:
    void append_line(std::string& out, const field_entry& f) const {
        out.append(name_of(f));
        out.append(": ");
        out.append(value_of(f));
        out.append("\r\n");
    }
    void append_via(std::string& out, std::string_view via) const {
        if (via.empty()) return;
        out.append("Via: ");
        out.append(version_ == 10 ? "1.0 " : "1.1 ");
        out.append(via);
        out.append("\r\n");
    }
    static void append_status(std::string& out, unsigned status) {
        const char digits[3] = {static_cast<char>('0' + status / 100 % 10),
                                static_cast<char>('0' + status / 10 % 10),
                                static_cast<char>('0' + status % 10)};
        out.append(digits, 3);
    }

    std::string text_;
    std::vector<field_entry> fields_;
    std::uint32_t method_size_ = 0;
    std::uint32_t target_size_ = 0;
    unsigned version_ = 11;
    unsigned status_ = 0;
};

// Whether a complete head (the bytes put() consumed for it) folds a field line (obs-fold:
// CRLF followed by SP or HTAB, RFC 9112 §5.2). Beast joins folded lines before the callbacks see
// them, so the analysers cannot tell; a proxy must reject such a message with 400 or unfold it
// before forwarding, and this library rejects (an Expect folded across lines is a smuggling
// shape, G-10).
constexpr bool has_obs_fold(std::string_view head) noexcept {
    for (std::size_t i = 1; i + 1 < head.size(); ++i) {
        if (head[i] == '\n' && (head[i + 1] == ' ' || head[i + 1] == '\t')) return true;
    }
    return false;
}

namespace detail {

inline std::string_view sv(boost::beast::string_view s) noexcept {
    return {s.data(), s.size()};
}

}  // namespace detail

// Where decoded content goes when a program wants it (an origin hashing a body). A relay sets
// none: it forwards the bytes put() consumed, framing and all.
class content_sink {
public:
    virtual void on_content(std::string_view bytes) = 0;

protected:
    virtual ~content_sink() = default;
};

namespace detail {

// The callbacks both parsers share: body bytes counted, and handed to the sink if there is one.
template <bool IsRequest>
class counting_parser : public http::basic_parser<IsRequest> {
public:
    void set_content_sink(content_sink* sink) noexcept { sink_ = sink; }

    // Content bytes (chunk framing excluded) parsed since the last call.
    std::uint64_t take_content_bytes() noexcept {
        const std::uint64_t n = content_;
        content_ = 0;
        return n;
    }

protected:
    void on_body_init_impl(const boost::optional<std::uint64_t>&,
                           boost::system::error_code&) override {}
    std::size_t on_body_impl(boost::beast::string_view body, boost::system::error_code&) override {
        content_ += body.size();
        if (sink_ != nullptr) sink_->on_content(sv(body));
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view,
                              boost::system::error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                   boost::system::error_code&) override {
        content_ += body.size();
        if (sink_ != nullptr) sink_->on_content(sv(body));
        return body.size();
    }
    void on_finish_impl(boost::system::error_code&) override {}

    std::uint64_t content_ = 0;
    content_sink* sink_ = nullptr;
};

}  // namespace detail

// A request head, parsed into facts (for the machine) and a record (for writing it on).
class request_head_parser final : public detail::counting_parser<true> {
public:
    request_head_parser(head_record& record, expect_policy policy = {})
        : record_(record), analyzer_(policy) {}

    // @pre is_header_done()
    const request_facts& facts() const noexcept { return facts_; }

private:
    void on_request_impl(http::verb, boost::beast::string_view method,
                         boost::beast::string_view target, int version,
                         boost::system::error_code&) override {
        const auto v = static_cast<unsigned>(version);
        record_.set_request_line(detail::sv(method), detail::sv(target), v);
        analyzer_.on_request_line(detail::sv(method), to_http_version(v));
    }
    void on_response_impl(int, boost::beast::string_view, int,
                          boost::system::error_code&) override {}
    void on_field_impl(http::field id, boost::beast::string_view name,
                       boost::beast::string_view value, boost::system::error_code&) override {
        record_.add_field(id, detail::sv(name), detail::sv(value));
        analyzer_.on_field(detail::sv(name), detail::sv(value));
    }
    void on_header_impl(boost::system::error_code&) override {
        record_.mark_connection_options();
        facts_ = analyzer_.finish();
    }

    head_record& record_;
    request_head_analyzer analyzer_;
    request_facts facts_;
};

// A response head. `method` is the request's: a response to HEAD has no content (RFC 9112 §6.3);
// the parser is told so too (skip).
class response_head_parser final : public detail::counting_parser<false> {
public:
    response_head_parser(head_record& record, request_method method)
        : record_(record), method_(method) {
        if (method == request_method::head) this->skip(true);
    }

    // @pre is_header_done()
    const response_facts& facts() const noexcept { return facts_; }

private:
    void on_request_impl(http::verb, boost::beast::string_view, boost::beast::string_view, int,
                         boost::system::error_code&) override {}
    void on_response_impl(int status, boost::beast::string_view reason, int version,
                          boost::system::error_code&) override {
        const auto v = static_cast<unsigned>(version);
        record_.set_status_line(static_cast<unsigned>(status), detail::sv(reason), v);
        analyzer_.on_status_line(static_cast<unsigned>(status), to_http_version(v));
    }
    void on_field_impl(http::field id, boost::beast::string_view name,
                       boost::beast::string_view value, boost::system::error_code&) override {
        record_.add_field(id, detail::sv(name), detail::sv(value));
        analyzer_.on_field(detail::sv(name), detail::sv(value));
    }
    void on_header_impl(boost::system::error_code&) override {
        record_.mark_connection_options();
        facts_ = analyzer_.finish(method_);
    }

    head_record& record_;
    request_method method_;
    response_head_analyzer analyzer_;
    response_facts facts_;
};

}  // namespace expect100::beast

#endif  // EXPECT100_BEAST_HEAD_PARSER_HPP
