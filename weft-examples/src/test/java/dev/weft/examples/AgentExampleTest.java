package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.weft.langchain4j.AgentState;
import dev.weft.langchain4j.LlmUsage;
import dev.weft.langchain4j.Message;
import dev.weft.langchain4j.OpenAiModels;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The research agent against the offline model: retried 429, search, two reads at once, answer. */
class AgentExampleTest {
  @Test
  void researchesAndAnswersFromTheNotes() {
    try (OfflineResearchModel local = new OfflineResearchModel()) {
      ChatModel model =
          OpenAiModels.builder()
              .baseUrl(local.baseUrl())
              .apiKey("offline")
              .modelName("offline-research-1")
              .build();

      AgentState done = AgentExample.research(model);

      assertThat(done.status()).isEqualTo(AgentState.Status.ANSWERED);
      assertThat(done.answer().orElseThrow())
          .contains("every step is committed")
          .contains("continues from its last checkpoint");
      assertThat(local.requests()).as("a 429, then three answered calls").isEqualTo(4);
      assertThat(done.messages())
          .filteredOn(Message.ToolResult.class::isInstance)
          .extracting(m -> ((Message.ToolResult) m).toolName())
          .containsExactly("search_notes", "read_note", "read_note");
      // 120+210+380 in, 18+30+60 out at 0.15 / 0.60 per million
      assertThat(done.usage()).isEqualTo(new LlmUsage(3, 710, 108, new BigDecimal("0.0001713"), 0));
    }
  }
}
