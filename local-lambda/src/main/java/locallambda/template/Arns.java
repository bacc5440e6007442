package locallambda.template;

/**
 * The local account's region, account id and every ARN the local Lambda hands out, built in one place. Region: the
 * LOCAL_LAMBDA_REGION variable, else us-east-1; account: twelve zeros (nothing local is a real account).
 */
public final class Arns {
    public static final String REGION = System.getenv().getOrDefault("LOCAL_LAMBDA_REGION", "us-east-1");
    static final String ACCOUNT = "000000000000";

    private Arns() {}

    /** {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME} (unqualified). */
    public static String function(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    /** The function's ARN with a version or alias; a null qualifier leaves it unqualified. */
    public static String function(String name, String qualifier) {
        return qualifier == null ? function(name) : function(name) + ":" + qualifier;
    }

    /** A runtime version's ARN, e.g. {@code arn:aws:lambda:us-east-1::runtime:local} (runtime ARNs carry no account). */
    public static String runtimeVersion(String id) {
        return "arn:aws:lambda:" + REGION + "::runtime:" + id;
    }

    /** {@code arn:aws:logs:REGION:ACCOUNT:log-group:NAME}, as DescribeLogGroups' logGroupArn. */
    public static String logGroup(String group) {
        return "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + group;
    }

    /** The log group's ARN with the ":*" suffix, as CloudFormation's GetAtt Arn and DescribeLogGroups' arn. */
    public static String logGroupStar(String group) {
        return logGroup(group) + ":*";
    }

    public static String logStream(String group, String stream) {
        return logGroup(group) + ":log-stream:" + stream;
    }

    /** IAM is global: no region. */
    public static String role(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    /** S3 bucket ARNs carry neither region nor account. */
    static String bucket(String name) {
        return "arn:aws:s3:::" + name;
    }

    static String stack(String stackName) {
        return "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/" + stackName + "/local";
    }
}
