/// Month, weekday and time-zone names of Date fields.
enum DateNames {
    typealias Word = DateToken.Word

    private static let months: [Word] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ].map { Word($0) }
    private static let weekdays: [Word] = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ].map { Word($0) }

    static let isoTimeSeparator = Word("t")
    static let at = Word("at")
    static let am = Word("am")
    static let pm = Word("pm")

    /// Zone names and their offsets in minutes east of UTC.
    private static let zones: [Word: Int] = {
        // RFC 5322 §4.3 obsolete zones.
        let rfc: [(StaticString, Int)] = [
            ("ut", 0), ("utc", 0), ("gmt", 0), ("z", 0), ("est", -300), ("edt", -240), ("cst", -360),
            ("cdt", -300), ("mst", -420), ("mdt", -360), ("pst", -480), ("pdt", -420),
        ]
        // Names that are not in any RFC but that real mailers write without a numeric offset. IST is
        // read as India (+0530), by far its most common meaning in mail.
        let common: [(StaticString, Int)] = [
            ("cet", 60), ("cest", 120), ("met", 60), ("mest", 120), ("mez", 60), ("mesz", 120), ("eet", 120),
            ("eest", 180), ("wet", 0), ("west", 60), ("bst", 60), ("ist", 330), ("msk", 180), ("jst", 540),
            ("kst", 540), ("hkt", 480), ("sgt", 480), ("awst", 480), ("acst", 570), ("acdt", 630),
            ("aest", 600), ("aedt", 660), ("nzst", 720), ("nzdt", 780), ("ast", -240), ("adt", -180),
            ("akst", -540), ("akdt", -480), ("hst", -600), ("nst", -210), ("ndt", -150),
        ]
        var table: [Word: Int] = [:]
        for (name, offset) in rfc + common { table[Word(name)] = offset }
        // Military zones (every letter but J): RFC 5322 §4.3 says to read them as -0000, because RFC 822
        // defined their signs backwards and senders used both conventions.
        for letter in UInt8(ascii: "a")...UInt8(ascii: "z") where letter != UInt8(ascii: "j") {
            var word = Word()
            word.append(letter)
            table[word] = 0
        }
        return table
    }()

    /// 1...12 for a month name or an abbreviation of at least three letters ("dec", "sept", "december").
    static func month(_ word: Word) -> Int? {
        guard let index = months.firstIndex(where: { word.abbreviates($0) }) else { return nil }
        return index + 1
    }

    static func isWeekday(_ word: Word) -> Bool {
        weekdays.contains { word.abbreviates($0) }
    }

    static func zoneOffset(_ word: Word) -> Int? {
        word.count <= 12 ? zones[word] : nil
    }
}
