package locallambda.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FunctionRefTest {
    @Test
    void plainNameKeepsTheQueryQualifier() {
        assertEquals(new FunctionRef("Echo", null), FunctionRef.parse("Echo", null));
        assertEquals(new FunctionRef("Echo", "live"), FunctionRef.parse("Echo", "live"));
    }

    @Test
    void qualifierInTheNameWinsOverTheQuery() {
        assertEquals(new FunctionRef("Echo", "3"), FunctionRef.parse("Echo:3", "live"));
    }

    @Test
    void fullAndQualifiedArns() {
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:Echo";
        assertEquals(new FunctionRef("Echo", null), FunctionRef.parse(arn, null));
        assertEquals(new FunctionRef("Echo", "$LATEST"), FunctionRef.parse(arn + ":$LATEST", null));
    }
}
