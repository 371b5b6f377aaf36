// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What every example program does the same way: exit codes, command-line errors, SHA-256 of a
// body (OpenSSL EVP), the steady clock, and orderly shutdown on SIGINT/SIGTERM.
//
// Exit codes: 0 success; 1 a run-time failure (transport error, a peer misbehaving); 2 a usage
// error (unknown flag, bad value); 22 an HTTP status >= 400 with --fail (curl's number).
#ifndef EXPECT100_EXAMPLES_COMMON_PROGRAM_HPP
#define EXPECT100_EXAMPLES_COMMON_PROGRAM_HPP

#include <boost/program_options.hpp>
#include <openssl/evp.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace expect100::examples {

namespace po = boost::program_options;

enum exit_code : int { exit_ok = 0, exit_failure = 1, exit_usage = 2, exit_http_error = 22 };

// The programs' clock. The fuzz kit's harness of the proxy's session runs it in virtual time:
// it defines EXPECT100_EXAMPLES_CLOCK and EXPECT100_EXAMPLES_TIMER (net.hpp) to its own types
// before including anything (fuzz/kit/proxy_session_fuzz.cpp).
#ifdef EXPECT100_EXAMPLES_CLOCK
using steady = EXPECT100_EXAMPLES_CLOCK;
#else
using steady = std::chrono::steady_clock;
#endif

// A usage error: printed with the program's name and a pointer to --help, exit code 2.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Parses argv; --help prints the description and returns false (exit 0).
inline bool parse_command_line(int argc, char** argv, const po::options_description& options,
                               const po::positional_options_description& positional,
                               po::variables_map& vm, std::string_view usage) {
    try {
        po::store(po::command_line_parser(argc, argv).options(options).positional(positional).run(),
                  vm);
        if (vm.count("help") != 0) {
            std::printf("usage: %.*s\n\n", static_cast<int>(usage.size()), usage.data());
            std::fputs(boost::lexical_cast<std::string>(options).c_str(), stdout);
            return false;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        throw usage_error(e.what());
    }
    return true;
}

// Runs a program's body with the conventional error reporting and exit codes. A peer that has
// gone makes a write fail with EPIPE instead of killing the program: Asio's sends say so per call
// (MSG_NOSIGNAL), splice(2) (common/splice_pump.hpp) cannot.
template <class Body>
int run_program(const char* name, Body&& body) {
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return body();
    } catch (const usage_error& e) {
        std::fprintf(stderr, "%s: %s (see %s --help)\n", name, e.what(), name);
        return exit_usage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", name, e.what());
        return exit_failure;
    }
}

// SHA-256 of a stream of bytes, in hex.
class sha256 {
public:
    sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) { reset(); }
    void reset() {
        if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
            throw std::runtime_error("OpenSSL: cannot start SHA-256");
        }
    }
    void update(std::string_view bytes) {
        EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
    }
    std::string hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        EVP_DigestFinal_ex(ctx_.get(), digest, &size);
        static const char digits[] = "0123456789abcdef";
        std::string out;
        for (unsigned i = 0; i < size; ++i) {
            out.push_back(digits[digest[i] >> 4U]);
            out.push_back(digits[digest[i] & 15U]);
        }
        reset();
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

inline double ms_between(steady::time_point a, steady::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_COMMON_PROGRAM_HPP
