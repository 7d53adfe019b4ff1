package dev.weft;

import static dev.weft.support.Nodes.mark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.support.Trail;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Graph.Builder#build()} reports every problem at once. */
class GraphValidationTest {

  private static List<String> problems(Graph.Builder<Trail> builder) {
    GraphValidationException e =
        catchThrowableOfType(GraphValidationException.class, builder::build);
    assertThat(e).as("build() must fail").isNotNull();
    assertThat(e.getMessage()).contains(e.problems().size() + " problem(s)");
    for (String problem : e.problems()) {
      assertThat(e.getMessage()).contains(problem);
    }
    return e.problems();
  }

  @Test
  void listsEveryStructuralProblemAtOnce() {
    Graph.Builder<Trail> b =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("a", mark()) // duplicate id
            .node("b", null) // null node function
            .node("c", mark())
            .node("d", mark())
            .edge("a", "ghost") // edge to unknown node
            .edge("phantom", "a") // edge from unknown node
            .policy("nobody", NodePolicy.defaults()) // policy for unknown node
            .join(List.of("a", "b"), "c")
            .join(List.of("d"), "c") // second join into c
            .join(List.of("a", "spectre"), "d") // join from unknown node
            .routes("a", "wraith") // declared route to unknown node
            .start("nowhere"); // unknown start

    List<String> problems = problems(b);

    assertThat(problems).hasSize(9);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("'a'").contains("declared twice"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("'b'").contains("null function"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("'a' -> 'ghost'").contains("unknown node 'ghost'"));
    assertThat(problems)
        .anySatisfy(
            p -> assertThat(p).contains("'phantom' -> 'a'").contains("unknown node 'phantom'"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("policy").contains("unknown node 'nobody'"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("'c'").contains("target of two joins"));
    assertThat(problems)
        .anySatisfy(
            p -> assertThat(p).contains("join into 'd'").contains("unknown node 'spectre'"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("routes(").contains("unknown node 'wraith'"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("start node 'nowhere'"));
  }

  @Test
  void aMissingStartIsReportedBesideOtherProblems() {
    List<String> problems =
        problems(Graph.builder(Trail::merge).node("a", mark()).edge("a", "ghost"));

    assertThat(problems).hasSize(2);
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("no start node").contains("start(id)"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("unknown node 'ghost'"));
  }

  @Test
  void listsEveryUnreachableNode() {
    List<String> problems =
        problems(
            Graph.builder(Trail::merge)
                .node("a", mark())
                .node("b", mark())
                .node("island1", mark())
                .node("island2", mark())
                .edge("a", "b")
                .edge("island1", "island2")
                .start("a"));

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0))
        .contains("'island1' is unreachable from start 'a'")
        .contains("routes(");
    assertThat(problems.get(1)).contains("'island2' is unreachable");
  }

  @Test
  void nodesReachedOnlyByJoinsOrDeclaredRoutesAreReachable() {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("b", mark())
            .node("viaJoin", mark())
            .node("viaRoute", mark())
            .edge("a", "b")
            .join(List.of("a", "b"), "viaJoin")
            .routes("b", "viaRoute")
            .start("a")
            .build();

    assertThat(g.nodeIds()).containsExactly("a", "b", "viaJoin", "viaRoute");
    assertThat(g.declaredRoutes("b")).containsExactly("viaRoute");
  }

  @Test
  void nullReducerNullPolicyNullConditionBlankIdAndEmptyJoinAreAllReported() {
    List<String> problems =
        problems(
            Graph.<Trail>builder(null)
                .node(" ", mark())
                .node("a", mark(), null)
                .node("b", mark())
                .edge("a", "b", null)
                .join(List.of(), "b")
                .start("a"));

    assertThat(problems).hasSize(5);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("reducer is null"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("null or blank"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("'a' has a null policy"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("'a' -> 'b' has a null condition"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("join into 'b' has no sources"));
  }

  @Test
  void aValidGraphKeepsDeclarationOrder() {
    Graph<Trail> g =
        Graph.builder(Trail::merge)
            .node("a", mark())
            .node("c", mark())
            .node("b", mark())
            .edge("a", "c")
            .edge("a", "b", s -> true)
            .start("a")
            .build();

    assertThat(g.nodeIds()).containsExactly("a", "c", "b");
    assertThat(g.edges()).extracting(Graph.Edge::to).containsExactly("c", "b");
    assertThat(g.edges().get(1).condition()).isPresent();
    assertThat(g.policy("a")).isEqualTo(NodePolicy.defaults());
  }
}
