#!/usr/bin/env bash
# Proves the README's "Use as a library" section as a new user meets it: after `./mvnw -B -DskipTests install`, a
# separate Maven project whose pom holds nothing but the README's <dependency> block compiles the README's first
# Java program and runs it. Usage: .ci/readme-consumer.sh [EPOCHS] (default 50); extra Maven options in MVN_ARGS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
out=target/readme-consumer
rm -rf "$out"
mkdir -p "$out/src/main/java"

section=$(awk '/^## Use as a library/{on=1; next} on && /^## /{exit} on' README.md)
deps=$(printf '%s\n' "$section" | awk '/^```xml$/{on=1; next} on && /^```$/{exit} on')
program=$(printf '%s\n' "$section" | awk '/^```java$/{on=1; next} on && /^```$/{exit} on')
class=$(printf '%s\n' "$program" | sed -n 's/^public class \([A-Za-z0-9_]*\).*/\1/p' | head -1)
if [ -z "$deps" ] || [ -z "$class" ]; then
  echo "README.md: no <dependency> block or no public class in section \"Use as a library\"" >&2
  exit 1
fi

cat > "$out/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>readme-consumer</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
$deps
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF
printf '%s\n' "$program" > "$out/src/main/java/$class.java"

# shellcheck disable=SC2086
./mvnw -B -q ${MVN_ARGS:-} -f "$out/pom.xml" compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile="$root/$out/classpath.txt"
cd "$out"
# as a user runs it first: without the Vector API module (the OpenBLAS and Java kernels only), then with it as the
# README's section shows (the JDK's "Using incubator modules" warning goes to stderr)
java -cp "target/classes:$(cat classpath.txt)" "$class" "${1:-50}" | tee run.log
grep -q "^reloaded: {loss=" run.log
java --add-modules jdk.incubator.vector -cp "target/classes:$(cat classpath.txt)" "$class" "${1:-50}" > run-vector.log
grep -q "^reloaded: {loss=" run-vector.log
