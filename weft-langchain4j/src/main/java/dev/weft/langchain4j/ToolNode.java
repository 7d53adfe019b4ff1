package dev.weft.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.weft.Node;
import dev.weft.NodeContext;
import dev.weft.NodeResult;
import dev.weft.RetryPolicy;
import dev.weft.TransientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One tool of an agent, as a node run by a {@code send} branch. The node times the tool itself (so
 * a timeout is an ordinary failure it can report), lets the engine retry what its policy retries,
 * and turns the last failure into an error result for the model, or fails the run, as configured.
 */
final class ToolNode implements Node<AgentState> {
  private final ToolSpecification spec;
  private final ToolExecutor executor;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final boolean reportFailures;

  ToolNode(
      ToolSpecification spec,
      ToolExecutor executor,
      Duration timeout,
      RetryPolicy retry,
      boolean reportFailures) {
    this.spec = spec;
    this.executor = executor;
    this.timeout = timeout;
    this.retry = retry;
    this.reportFailures = reportFailures;
  }

  @Override
  public NodeResult<AgentState> apply(AgentState input, NodeContext ctx) throws Exception {
    ToolCall call = input.toolCall();
    if (call == null) {
      throw new IllegalStateException(
          "tool node '" + ctx.nodeId() + "' ran without a tool call; only the agent routes to it");
    }
    String text;
    try {
      text = execute(call, ctx);
    } catch (Exception failure) {
      Throwable cause = unwrap(failure);
      boolean retried = retry.isRetryable(cause) && ctx.attempt() < retry.maxAttempts();
      if (retried || !reportFailures) {
        throw cause instanceof Exception e ? e : failure;
      }
      return NodeResult.next(result(call, "error: " + describe(cause), true));
    }
    return NodeResult.next(result(call, text == null ? "" : text, false));
  }

  private String execute(ToolCall call, NodeContext ctx) throws Exception {
    FutureTask<String> task =
        new FutureTask<>(() -> executor.execute(Conversation.request(call), ctx.runId()));
    Thread worker = Thread.ofVirtual().name("weft-tool-" + spec.name()).start(task);
    try {
      return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException late) {
      worker.interrupt();
      throw new TransientException(
          "tool '"
              + spec.name()
              + "' timed out after "
              + timeout.toMillis()
              + "ms (attempt "
              + ctx.attempt()
              + " of "
              + retry.maxAttempts()
              + "); raise its NodePolicy timeout if it needs longer");
    } catch (InterruptedException cut) {
      worker.interrupt(); // the engine cut this attempt; stop the tool too
      throw cut;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @SuppressWarnings("ReferenceEquality") // a cause chain ends at a throwable that is its own cause
  private static Throwable unwrap(Throwable t) {
    while (t instanceof ToolExecutionException && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private String describe(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return "tool '" + spec.name() + "' failed: " + message;
  }

  private static AgentState result(ToolCall call, String text, boolean error) {
    return AgentState.delta(
        List.of(new Message.ToolResult(call.id(), call.name(), text, error, call.index())),
        LlmUsage.NONE,
        0,
        AgentState.Status.RUNNING);
  }
}
