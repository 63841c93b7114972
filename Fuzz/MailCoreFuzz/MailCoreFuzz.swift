// libFuzzer entry point for MailCore's MIME parser; built by scripts/fuzz-mime.sh straight from the
// top-level files of Sources/MailCore (no SwiftPM target), with -sanitize=fuzzer,address.
//
// Besides "never crash, never trap, never hang" (libFuzzer's -timeout catches a hang), it checks what the
// rest of maild relies on:
//   - every part's ranges lie inside the raw bytes and inside its parent's body, in preorder;
//   - the tree respects the limits it was given;
//   - an attachment's size is the length of its data, and a decoded size the length of the decoding;
//   - the text preview is at most 200 characters, without leading or doubled whitespace, and ends in a
//     space only when it is cut at 200.

/// Small limits, so that the fuzzer reaches them.
let smallLimits = MimeMessage.Limits(maxDepth: 6, maxParts: 40,
                                     header: HeaderSection.Limits(maxFields: 30, maxLineLength: 200,
                                                                  maxFieldLength: 400))

func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}

func checkTree(_ message: MimeMessage, limits: MimeMessage.Limits) {
    let raw = message.raw
    let parts = message.parts
    check(!parts.isEmpty, "no root part")
    check(parts.count <= limits.maxParts, "\(parts.count) parts over the limit \(limits.maxParts)")
    check(parts[0].bodyRange.upperBound == raw.endIndex, "the root does not reach the end: \(parts[0].bodyRange)")
    for (index, part) in parts.enumerated() {
        check(part.index == index, "part \(index) says it is \(part.index)")
        check(part.headerRange.upperBound == part.bodyRange.lowerBound, "part \(index): header and body apart")
        check(raw.startIndex <= part.headerRange.lowerBound && part.bodyRange.upperBound <= raw.endIndex,
              "part \(index) outside the message: \(part.headerRange) \(part.bodyRange)")
        check(part.subtreeEnd > index && part.subtreeEnd <= parts.count, "part \(index): subtree end \(part.subtreeEnd)")
        check(part.depth <= limits.maxDepth, "part \(index) at depth \(part.depth)")
        if let parentIndex = part.parent {
            let parent = parts[parentIndex]
            check(parentIndex < index && index < parent.subtreeEnd, "part \(index) not inside its parent's subtree")
            check(part.depth == parent.depth + 1, "part \(index): depth \(part.depth) under \(parent.depth)")
            check(parent.bodyRange.lowerBound <= part.headerRange.lowerBound
                  && part.bodyRange.upperBound <= parent.bodyRange.upperBound,
                  "part \(index) \(part.headerRange)\(part.bodyRange) outside parent body \(parent.bodyRange)")
        } else {
            check(index == 0, "part \(index) has no parent")
        }
        check(message.decodedSize(of: part) == message.decodedBody(of: part).count, "part \(index): decoded size")
        if part.isLeaf, part.contentType.type == "text" { _ = message.text(of: part) }
    }
    for attachment in message.attachments {
        check(attachment.size == message.data(of: attachment).count, "attachment \(attachment.part): size")
    }
    let preview = message.textPreview
    check(preview.count <= 200, "preview of \(preview.count) characters")
    // Cut after collapsing (as the corpus oracle does): only a full preview may end in a space.
    check(preview.first?.isWhitespace != true && (preview.last?.isWhitespace != true || preview.count == 200),
          "preview not trimmed: \(preview.debugDescription)")
    check(!preview.contains("  "), "doubled space in the preview")
    _ = message.htmlBody
    _ = message.bouncedMessageID
    for part in parts where part.isEncapsulatedMessage { _ = message.encapsulatedHead(of: part) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    checkTree(MimeMessage(parsing: bytes, limits: smallLimits), limits: smallLimits)
    checkTree(MimeMessage(parsing: bytes), limits: .default)
    // Inside a larger buffer: indices must follow the slice, not start at zero.
    let padded = [UInt8](repeating: 0x41, count: 7) + bytes
    checkTree(MimeMessage(parsing: padded[7...], limits: smallLimits), limits: smallLimits)

    // The pieces on their own, on the same bytes.
    _ = ContentType(parsing: bytes)
    _ = ContentDisposition(parsing: bytes)
    for encoding in [TransferEncoding.base64, .quotedPrintable] {
        check(encoding.decodedCount(bytes) == encoding.decode(bytes).count, "\(encoding) count")
    }
    _ = HTMLText.plainText(fromHTML: String(decoding: bytes, as: UTF8.self))
    return 0
}
