package locallambda.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the CloudFormation intrinsics a SAM template uses for function settings: Ref (parameters, pseudo parameters,
 * resources), Fn::Sub, Fn::GetAtt, Fn::Join, Fn::If / Conditions, Fn::Select, Fn::Split, Fn::FindInMap. What cannot be
 * resolved locally becomes a visible placeholder "${unresolved:...}", never an exception.
 */
final class Intrinsics {
    static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> parameters; // resolved parameter values
    private final Map<String, Object> resources;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final String stackName;

    Intrinsics(
            Map<String, Object> parameters,
            Map<String, Object> resources,
            Map<String, Object> conditions,
            Map<String, Object> mappings,
            String stackName) {
        this.parameters = parameters;
        this.resources = resources == null ? Map.of() : resources;
        this.conditions = conditions == null ? Map.of() : conditions;
        this.mappings = mappings == null ? Map.of() : mappings;
        this.stackName = stackName;
    }

    /** Deep-resolves a value; maps/lists are resolved element by element; AWS::NoValue entries are dropped. */
    @SuppressWarnings("unchecked")
    Object resolve(Object v) {
        if (v instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                String key = String.valueOf(m.keySet().iterator().next());
                Object arg = m.values().iterator().next();
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition") && !(arg instanceof Map)) {
                    if (key.equals("Condition")) {
                        return condition(String.valueOf(arg));
                    }
                    return fn(key, arg);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object r = resolve(e.getValue());
                if (r != NO_VALUE) {
                    out.put(String.valueOf(e.getKey()), r);
                }
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                Object r = resolve(o);
                if (r != NO_VALUE) {
                    out.add(r);
                }
            }
            return out;
        }
        return v;
    }

    String resolveString(Object v) {
        Object r = resolve(v);
        if (r == null || r == NO_VALUE) {
            return null;
        }
        if (r instanceof List<?> l) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(r);
    }

    @SuppressWarnings("unchecked")
    private Object fn(String key, Object arg) {
        switch (key) {
            case "Ref":
                return ref(String.valueOf(resolve(arg)));
            case "Fn::Sub":
                return sub(arg);
            case "Fn::GetAtt": {
                List<Object> parts;
                Object a = resolve(arg);
                if (a instanceof List<?> l) {
                    parts = (List<Object>) l;
                } else {
                    String s = String.valueOf(a);
                    int dot = s.indexOf('.');
                    parts = dot < 0 ? List.of(s) : List.of(s.substring(0, dot), s.substring(dot + 1));
                }
                return getAtt(String.valueOf(parts.get(0)), parts.size() > 1 ? String.valueOf(parts.get(1)) : "");
            }
            case "Fn::Join": {
                List<Object> a = (List<Object>) arg;
                String delim = String.valueOf(resolve(a.get(0)));
                Object items = resolve(a.get(1));
                List<String> strs = new ArrayList<>();
                if (items instanceof List<?> l) {
                    for (Object o : l) {
                        strs.add(String.valueOf(o));
                    }
                } else {
                    strs.add(String.valueOf(items));
                }
                return String.join(delim, strs);
            }
            case "Fn::If": {
                List<Object> a = (List<Object>) arg;
                return condition(String.valueOf(a.get(0))) ? resolve(a.get(1)) : resolve(a.get(2));
            }
            case "Fn::Equals": {
                List<Object> a = (List<Object>) arg;
                return String.valueOf(resolve(a.get(0))).equals(String.valueOf(resolve(a.get(1))));
            }
            case "Fn::Not":
                return !truthy(resolve(((List<Object>) arg).get(0)));
            case "Fn::And": {
                for (Object o : (List<Object>) arg) {
                    if (!truthy(resolve(o))) {
                        return false;
                    }
                }
                return true;
            }
            case "Fn::Or": {
                for (Object o : (List<Object>) arg) {
                    if (truthy(resolve(o))) {
                        return true;
                    }
                }
                return false;
            }
            case "Fn::Select": {
                List<Object> a = (List<Object>) arg;
                int i = Integer.parseInt(String.valueOf(resolve(a.get(0))));
                Object list = resolve(a.get(1));
                return list instanceof List<?> l && i < l.size() ? l.get(i) : placeholder("Select");
            }
            case "Fn::Split": {
                List<Object> a = (List<Object>) arg;
                String delim = String.valueOf(resolve(a.get(0)));
                return new ArrayList<>(List.of(String.valueOf(resolve(a.get(1))).split(Pattern.quote(delim), -1)));
            }
            case "Fn::FindInMap": {
                List<Object> a = (List<Object>) arg;
                Object m1 = mappings.get(String.valueOf(resolve(a.get(0))));
                if (m1 instanceof Map<?, ?> mm) {
                    Object m2 = mm.get(String.valueOf(resolve(a.get(1))));
                    if (m2 instanceof Map<?, ?> mmm) {
                        Object v = mmm.get(String.valueOf(resolve(a.get(2))));
                        if (v != null) {
                            return v;
                        }
                    }
                }
                return placeholder("FindInMap " + a);
            }
            case "Fn::GetAZs":
                return List.of(Arns.REGION + "a", Arns.REGION + "b", Arns.REGION + "c");
            default:
                return placeholder(key.substring(4));
        }
    }

    boolean condition(String name) {
        Object c = conditions.get(name);
        if (c == null) {
            return false;
        }
        return truthy(resolve(c));
    }

    private static boolean truthy(Object o) {
        return o instanceof Boolean b ? b : "true".equalsIgnoreCase(String.valueOf(o));
    }

    Object ref(String name) {
        switch (name) {
            case "AWS::StackName":
                return stackName;
            case "AWS::Region":
                return Arns.REGION;
            case "AWS::AccountId":
                return Arns.ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackId":
                return Arns.stack(stackName);
            case "AWS::NoValue":
                return NO_VALUE;
            case "AWS::NotificationARNs":
                return List.of();
            default:
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        Object res = resources.get(name);
        if (res instanceof Map<?, ?> r) {
            String type = String.valueOf(r.get("Type"));
            Object props = r.get("Properties");
            Map<?, ?> p = props instanceof Map<?, ?> pm ? pm : Map.of();
            switch (type) {
                case "AWS::Logs::LogGroup":
                    return p.get("LogGroupName") != null ? resolveString(p.get("LogGroupName")) : name;
                case "AWS::Serverless::Function":
                case "AWS::Lambda::Function":
                    return p.get("FunctionName") != null ? resolveString(p.get("FunctionName")) : name;
                case "AWS::S3::Bucket":
                    return p.get("BucketName") != null ? resolveString(p.get("BucketName")) : name.toLowerCase();
                case "AWS::IAM::Role":
                    return p.get("RoleName") != null ? resolveString(p.get("RoleName")) : name;
                default:
                    return name;
            }
        }
        return placeholder("Ref " + name);
    }

    Object getAtt(String resource, String attribute) {
        Object res = resources.get(resource);
        if (!(res instanceof Map<?, ?> r)) {
            return placeholder("GetAtt " + resource + "." + attribute);
        }
        String type = String.valueOf(r.get("Type"));
        String physical = String.valueOf(ref(resource));
        if (attribute.equals("Arn")) {
            switch (type) {
                case "AWS::Serverless::Function":
                case "AWS::Lambda::Function":
                    return Arns.function(physical);
                case "AWS::Logs::LogGroup":
                    return Arns.logGroupStar(physical);
                case "AWS::IAM::Role":
                    return Arns.role(physical);
                case "AWS::S3::Bucket":
                    return Arns.bucket(physical);
                default:
            }
        }
        if (type.equals("AWS::S3::Bucket") && attribute.equals("DomainName")) {
            return physical + ".s3.amazonaws.com";
        }
        return placeholder("GetAtt " + resource + "." + attribute);
    }

    @SuppressWarnings("unchecked")
    private Object sub(Object arg) {
        String template;
        Map<String, Object> vars = Map.of();
        if (arg instanceof List<?> l) {
            template = String.valueOf(l.get(0));
            if (l.size() > 1 && l.get(1) instanceof Map<?, ?> m) {
                vars = (Map<String, Object>) m;
            }
        } else {
            template = String.valueOf(arg);
        }
        Matcher m = SUB_VAR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1);
            String replacement;
            if (expr.startsWith("!")) {
                replacement = "${" + expr.substring(1) + "}";
            } else if (vars.containsKey(expr)) {
                replacement = String.valueOf(resolve(vars.get(expr)));
            } else if (expr.contains(".") && !expr.startsWith("AWS::")) {
                int dot = expr.indexOf('.');
                replacement = String.valueOf(getAtt(expr.substring(0, dot), expr.substring(dot + 1)));
            } else {
                Object r = ref(expr);
                replacement = r == NO_VALUE ? "" : String.valueOf(r);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String placeholder(String what) {
        return "${unresolved:" + what + "}";
    }
}
