import MailCore
import MailStore
import MaildConfig
import Threading

extension TicketPolicy {
    /// A channel's ticket policy from the configuration. `ownAddresses` are every channel's address: mail
    /// from any of them is the helpdesk writing, never a customer reply.
    init(channel: ChannelConfiguration, pipeline: PipelineConfiguration, ownAddresses: [String]) {
        self.init(createTickets: channel.createTickets, pipeline: pipeline.name, statuses: pipeline.ticketStatuses,
                  defaultQueue: channel.defaultQueue, reopenWindowDays: channel.reopenWindowDays,
                  ownAddresses: ownAddresses,
                  subjectFallback: channel.subjectFallback ? SubjectFallback(windowDays: channel.subjectWindowDays) : nil)
        acknowledgements = AcknowledgementPolicy(channel: channel)
        customerReplyStatus = pipeline.onCustomerReply
        agentReplyStatus = pipeline.onAgentReply
    }

    /// `maild import` into a channel the configuration does not name (or with `--database`): tickets in the
    /// default pipeline and queue.
    static func forImport(configuration: MaildConfiguration = MaildConfiguration()) -> TicketPolicy {
        let pipeline = configuration.pipeline(named: ChannelConfiguration.defaultPipeline) ?? .support
        return TicketPolicy(pipeline: pipeline.name,
                            statuses: pipeline.ticketStatuses,
                            defaultQueue: ChannelConfiguration.defaultQueue,
                            reopenWindowDays: ChannelConfiguration.defaultReopenWindowDays,
                            ownAddresses: configuration.channels.compactMap(\.address))
    }
}

extension AcknowledgementPolicy {
    /// Nil unless the channel sends and has acknowledgement templates.
    init?(channel: ChannelConfiguration) {
        guard let sending = channel.sending, let templates = sending.acknowledgements, let address = channel.address,
              let domain = MailAddress(address: address).domain, let messageIDs = try? MessageIDGenerator(domain: domain) else { return nil }
        let template = { (t: ChannelSending.Acknowledgements.Template?) in t.map { Template(subject: $0.subject, text: $0.text) } }
        self.init(from: MailAddress(name: sending.fromName, address: address), messageIDs: messageIDs,
                  received: template(templates.received), closed: template(templates.closed),
                  maxPerHour: templates.maxPerHour, maxPerDay: templates.maxPerDay)
    }
}

extension MaildConfiguration {
    /// Every configured channel's ticket policy, by channel name; `acknowledging: false` (an import of old
    /// mail) never answers anyone.
    func ticketPolicies(acknowledging: Bool = true) -> [String: TicketPolicy] {
        let own = channels.compactMap(\.address)
        var policies = [String: TicketPolicy]()
        for channel in channels {
            // The reader refuses a channel naming a missing pipeline; `support` is the built-in fallback.
            let pipeline = pipeline(named: channel.pipeline) ?? .support
            var policy = TicketPolicy(channel: channel, pipeline: pipeline, ownAddresses: own)
            if !acknowledging { policy.acknowledgements = nil }
            policies[channel.name] = policy
        }
        return policies
    }
}

extension MailStore {
    /// The store as the configuration wants it: each channel's policy (`policies`, by channel name) and the
    /// installation's ticket token format. The one place both are applied, for the daemon and `maild import`.
    func configured(_ configuration: MaildConfiguration, policies: [String: TicketPolicy]) -> MailStore {
        withTicketPolicies(policies).withTicketTokenFormat(configuration.ticketTokenFormat)
    }
}

extension PipelineConfiguration {
    var ticketStatuses: [TicketPolicy.Status] {
        statuses.map { TicketPolicy.Status(name: $0.name, isOpen: $0.state == .open) }
    }
}
