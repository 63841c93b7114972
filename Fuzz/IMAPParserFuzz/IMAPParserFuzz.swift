// libFuzzer entry point for the IMAP response parser; built by scripts/fuzz-imap.sh straight from
// Sources/MailIngest/IMAP (no SwiftPM target), with -sanitize=fuzzer,address.
//
// Besides "never crash, never trap", it checks the parser's two promises:
//   - the same bytes give the same responses (and the same error) however they are chunked;
//   - a UIDSet's description parses back to the same set.

/// Everything a run of the parser produced.
struct Outcome: Equatable {
    var responses: [IMAPResponse] = []
    var error: IMAPParseError?
}

/// Small limits, so that the fuzzer reaches them; `compactAfter: 1` moves the unread bytes (and
/// every index into them) on nearly every append, which real traffic does only every 16 KB.
func makeParser(compactAfter: Int) -> IMAPResponseParser {
    IMAPResponseParser(maxLiteralBytes: 2048, maxLineBytes: 512, compactAfter: compactAfter)
}

func run(_ data: UnsafeRawBufferPointer, compactAfter: Int, chunkSizes: (Int) -> Int) -> Outcome {
    var parser = makeParser(compactAfter: compactAfter)
    var outcome = Outcome()
    var offset = 0
    var call = 0
    while offset < data.count {
        let end = min(data.count, offset + max(1, chunkSizes(call)))
        parser.append(UnsafeRawBufferPointer(rebasing: data[offset..<end]))
        offset = end
        call += 1
        do {
            while let response = try parser.next() {
                outcome.responses.append(response)
            }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}

func checkUIDSet(_ data: UnsafeRawBufferPointer) {
    let text = String(decoding: data.prefix(256), as: UTF8.self)
    guard let set = try? UIDSet(parsing: text, largest: data.count % 2 == 0 ? nil : 77) else { return }
    guard let again = try? UIDSet(parsing: set.description), again == set else {
        fatalError("UIDSet \(set.ranges) does not round-trip through \"\(set.description)\"")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let data = UnsafeRawBufferPointer(start: start, count: count)
    let whole = run(data, compactAfter: 16 << 10) { _ in Int.max / 2 }
    // Chunk sizes from a small LCG seeded by the input, so a crash reproduces from its file alone.
    var seed = UInt32(truncatingIfNeeded: count) &* 2_654_435_761
    let chunked = run(data, compactAfter: 1) { _ in
        seed = seed &* 1_103_515_245 &+ 12345
        return Int(seed >> 16) % 23 + 1
    }
    if whole != chunked {
        fatalError("chunking changed the result:\nwhole:   \(whole)\nchunked: \(chunked)")
    }
    checkUIDSet(data)
    return 0
}
