/*
 * text.h: the fixed English of diagnostics, full on the host, a compact token on devices.
 *
 * Every fixed fragment of a Diagnostic detail is written as PTE_TEXT("..."). On the host (and
 * whenever PTE_TERSE_DIAGNOSTICS is 0) that is the string itself. With PTE_TERSE_DIAGNOSTICS=1
 * (the default on bare-metal Arm, see pte_runtime.h) it is only the fragment's 32-bit FNV-1a
 * hash, computed at compile time, so the string never reaches flash; DetailWriter writes it as
 * the token "@{xxxxxxxx}" (8 lower-case hex digits). Numbers, names read from the program and
 * other run-time values are written as they are. The host expands every token back into its
 * fragment (tools/diagnostics/texts.py, run by tools/sim/run_firmware.py on the firmware's
 * output), so the line a user reads is the same as on the host.
 *
 * The table the host expands with is collected from the sources by
 * //cc/runtime:diagnostic_texts, which refuses two fragments with the same hash.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_TEXT_H_
#define M55ML_CC_RUNTIME_INTERNAL_TEXT_H_

#include <stddef.h>
#include <stdint.h>

#include <type_traits>

#include "cc/runtime/pte_runtime.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

/* 32-bit FNV-1a of a NUL-terminated string (tools/diagnostics/texts.py computes the same). */
constexpr uint32_t text_hash(const char *text)
{
    uint32_t hash = 2166136261u;
    for (; *text != '\0'; ++text) {
        hash = (hash ^ static_cast<uint8_t>(*text)) * 16777619u;
    }
    return hash;
}

/* A fixed fragment written as a token: only its hash is in the image. */
struct TextId {
    uint32_t hash;
};

/* A token as a NUL-terminated string, for places that need a `const char *`. */
struct TextToken {
    char chars[12]; /* "@{xxxxxxxx}" */
};

constexpr char hex_digit(uint32_t value)
{
    return "0123456789abcdef"[value & 0xf];
}

constexpr TextToken make_token(uint32_t hash)
{
    return TextToken{{'@', '{', hex_digit(hash >> 28), hex_digit(hash >> 24), hex_digit(hash >> 20),
                      hex_digit(hash >> 16), hex_digit(hash >> 12), hex_digit(hash >> 8),
                      hex_digit(hash >> 4), hex_digit(hash), '}', '\0'}};
}

template <uint32_t kHash> struct TokenString {
    static constexpr TextToken value = make_token(kHash);
};
template <uint32_t kHash> constexpr TextToken TokenString<kHash>::value;

/* What PTE_TEXT gives: the parameter type of fragments passed to detail-writing helpers. */
#if PTE_TERSE_DIAGNOSTICS
using Text = TextId;
#else
using Text = const char *;
#endif

} // namespace internal
} // namespace pte
} // namespace m55ml

#if PTE_TERSE_DIAGNOSTICS
/* The integral_constant forces the hash to be evaluated at compile time. */
#define PTE_TEXT(literal)                                                                          \
    (::m55ml::pte::internal::TextId{                                                               \
        std::integral_constant<uint32_t, ::m55ml::pte::internal::text_hash(literal)>::value})
#define PTE_TEXT_STRING(literal)                                                                   \
    (::m55ml::pte::internal::TokenString<::m55ml::pte::internal::text_hash(literal)>::value.chars)
#else
#define PTE_TEXT(literal) (literal)
#define PTE_TEXT_STRING(literal) (literal)
#endif

#endif // M55ML_CC_RUNTIME_INTERNAL_TEXT_H_
