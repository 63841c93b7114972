extension Array where Element == UInt8 {
    /// Appends up to `maxCount` bytes that `body` writes through a pointer and counts, without a
    /// capacity check per byte: the encoders' inner loops (a 25 MB attachment is 34 MB of base64).
    mutating func append(upTo maxCount: Int, writing body: (UnsafeMutablePointer<UInt8>) -> Int) {
        let start = count
        append(contentsOf: repeatElement(0, count: maxCount))
        let written = withUnsafeMutableBufferPointer { buffer in body(buffer.baseAddress! + start) }
        precondition(written <= maxCount, "an encoder wrote past the room it asked for")
        removeLast(maxCount - written)
    }
}
