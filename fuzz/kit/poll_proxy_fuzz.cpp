// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The fuzz kit wired to the Boost-free example proxy (examples/poll_proxy/connection.hpp): the
// whole harness an integrator writes. connection.hpp already talks to a Transport; this file
// gives it one over the driver's proxy_io, and turns the driver's events into the connection's.
// fuzz/kit/README.md explains each part.
#include "../../examples/poll_proxy/connection.hpp"

#include <expect100/testing/fuzz_driver.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace {

namespace kit = expect100::testing;

// connection.hpp's Transport over the fuzz driver: writes are taken whole, and an upstream
// connection is made at once.
class driver_transport {
public:
    explicit driver_transport(kit::proxy_io& io) : io_(&io) {}

    poll_proxy::clock_type::time_point now() const { return io_->now(); }
    long send_down(std::string_view b) {
        io_->send_to_client(b);
        return static_cast<long>(b.size());
    }
    long send_up(std::string_view b) {
        io_->send_upstream(*up_, b);
        return static_cast<long>(b.size());
    }
    bool open_up() {
        up_ = io_->open_upstream();
        return true;
    }
    bool up_open() const { return up_.has_value(); }
    bool down_open() const { return down_open_; }
    void close_up() {
        if (up_) io_->close_upstream(*up_);
        up_.reset();
    }
    void close_down() {
        if (down_open_) io_->close_client();
        down_open_ = false;
    }
    // Events of an upstream connection this transport already let go of are not the
    // connection's business.
    bool is_current(kit::upstream_id id) const { return up_ == id; }

private:
    kit::proxy_io* io_;
    std::optional<kit::upstream_id> up_;
    bool down_open_ = true;
};

class poll_proxy_subject final : public kit::fuzz_subject {
public:
    poll_proxy_subject(kit::proxy_io& io, const poll_proxy::settings& s)
        : conn_(driver_transport(io), s) {}

    void on_client_bytes(std::string_view b) override { conn_.on_down_bytes(b); }
    void on_client_closed() override { conn_.on_down_closed(); }
    void on_upstream_bytes(kit::upstream_id id, std::string_view b) override {
        if (conn_.transport().is_current(id)) conn_.on_up_bytes(b);
    }
    void on_upstream_closed(kit::upstream_id id) override {
        if (conn_.transport().is_current(id)) conn_.on_up_closed();
    }
    void on_time() override { conn_.on_time(); }
    kit::fuzz_time next_deadline() const override {
        return conn_.finished() ? kit::fuzz_time::max() : conn_.deadline();
    }

private:
    poll_proxy::connection<driver_transport> conn_;
};

poll_proxy::settings make_settings() {
    poll_proxy::settings s;  // as the program runs by default
    s.policy =
        *expect100::presets::policy_named<expect100::presets::intermediary_presets<>,
                                          expect100::intermediary_policy>("rfc9110_intermediary");
    s.policy.upstream_timeout = std::chrono::seconds(30);
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const poll_proxy::settings settings = make_settings();
    return kit::fuzz_one<poll_proxy_subject>(data, size, kit::fuzz_options{}, settings);
}
