import MaildConfig
import Testing

/// A pipeline's status automation: `on_customer_reply` and `on_agent_reply`.
@Suite struct StatusAutomationConfigTests {
    static func yaml(_ extra: String) -> String {
        """
        pipelines:
          - name: sales
            statuses:
              - {name: Lead, state: open}
              - {name: Quoted, state: open}
              - {name: Talking, state: open}
              - {name: Won, state: closed}
        \(extra)
        """
    }

    @Test func theDefaultsAreWaitingOnUsAndWaitingOnContactWhenThePipelineHasThem() throws {
        #expect(PipelineConfiguration.support.onCustomerReply == "Waiting on us")
        #expect(PipelineConfiguration.support.onAgentReply == "Waiting on contact")
        let sales = try ConfigLoader.parse(Self.yaml(""), file: "maild.yaml").pipelines[0]
        #expect(sales.onCustomerReply == nil && sales.onAgentReply == nil)
    }

    @Test func aPipelineNamesItsOwnStatuses() throws {
        let sales = try ConfigLoader.parse(Self.yaml("    on_customer_reply: Talking\n    on_agent_reply: Quoted\n"),
                                           file: "maild.yaml").pipelines[0]
        #expect(sales.onCustomerReply == "Talking" && sales.onAgentReply == "Quoted")
    }

    @Test func aClosedOrUnknownStatusIsRefused() {
        do {
            _ = try ConfigLoader.parse(Self.yaml("    on_customer_reply: Won\n    on_agent_reply: Waiting\n"), file: "maild.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.description) == [
                "maild.yaml:8: pipelines[0].on_customer_reply: expected an open status of this pipeline (\"Lead\", \"Quoted\", \"Talking\"), got \"Won\"",
                "maild.yaml:9: pipelines[0].on_agent_reply: expected an open status of this pipeline (\"Lead\", \"Quoted\", \"Talking\"), got \"Waiting\"",
            ])
        }
    }
}
