/// The reply and forward abbreviations mail clients put before a subject, by language, compared after
/// lower-casing (so `RE`, `Re` and `re` are one entry).
///
/// Sources: the abbreviations localized Outlook and Thunderbird write (Thunderbird strips `Re` plus the
/// locale's `mailnews.localizedRe` list, e.g. `AW` for German, `SV` for Swedish, `Antw` for Dutch, `Odp`
/// for Polish); the "List of email subject abbreviations" table; mutt's default `reply_regex`
/// (`re|aw|sv`). Zammad strips any two characters before a colon (`^(..(\[\d+\])?:\s)+`); that would
/// eat `Q3:` or `PO:` of a real subject, so only known words are stripped here.
enum SubjectPrefixes {
    /// Reply prefixes. `VS` is not here although Finnish clients use it for a reply (vastaus): Danish and
    /// Norwegian Outlook write `VS:` for a forward (videresendt), and a forward taken for a reply could
    /// join a conversation by subject, while a reply taken for a forward only loses that fallback.
    static let replies: Set<String> = [
        "re",                       // Latin "in re"; English and most clients everywhere
        "aw", "antwort",            // German (Outlook: AW)
        "antw",                     // Dutch (antwoord)
        "sv",                       // Swedish, Danish, Norwegian, Icelandic (svar)
        "odp",                      // Polish, Czech (odpowiedź, odpověď)
        "r", "rif",                 // Italian (Outlook: R; riferimento)
        "réf", "ref", "rép", "rep", // French (référence, réponse); Outlook writes "RE :"
        "res",                      // Portuguese (resposta)
        "ynt",                      // Turkish (yanıt)
        "atb",                      // Latvian (atbilde), Welsh (ateb)
        "ats",                      // Lithuanian (atsakymas)
        "odg",                      // Croatian, Serbian, Slovenian (odgovor)
        "v",                        // Hungarian (válasz)
        "vá",                       // Hungarian, older clients
        "bls",                      // Indonesian (balas)
        "отв", "ответ",             // Russian
        "απ", "σχετ",               // Greek (απάντηση, σχετικά)
        "השב",                      // Hebrew
        "رد",                       // Arabic
        "回复", "回覆", "答复",        // Chinese (simplified, traditional)
        "返信",                      // Japanese
        "회신", "답장",                // Korean
    ]

    /// Forward prefixes: a message with one of these never joins a conversation by subject.
    static let forwards: Set<String> = [
        "fwd", "fw",                // English; Outlook writes FW, Gmail and Apple Mail Fwd
        "wg",                       // German (weitergeleitet)
        "doorst",                   // Dutch (doorsturen)
        "tr",                       // French (transféré); Outlook writes "TR :"
        "rv",                       // Spanish (reenviado)
        "enc",                      // Portuguese (encaminhado)
        "pd",                       // Polish (przekaż dalej)
        "př",                       // Czech (přeposláno); not "PR", a common subject word
        "vs",                       // Danish, Norwegian (videresendt); see `replies`
        "vb",                       // Swedish (vidarebefordrat)
        "vl",                       // Finnish (välitetty)
        "fs",                       // Icelandic (framsent)
        "i",                        // Italian (inoltrato)
        "tov",                      // Hungarian (továbbítás)
        "prosl",                    // Croatian, Serbian (proslijeđeno)
        "posl",                     // Slovenian (poslano naprej)
        "ilt", "i̇lt",               // Turkish (iletildi); "İLT" lower-cases with a combining dot
        "trs",                      // Indonesian (terusan)
        "пересл",                   // Russian
        "πρθ",                      // Greek (προώθηση)
        "הועבר",                    // Hebrew
        "转发", "轉寄", "轉發",         // Chinese
        "転送",                      // Japanese
        "전달",                      // Korean
    ]

    /// Longest prefix word, in characters ("antwort", "doorst"); longer words are never prefixes.
    static let maxWordLength = 7
}
