"""Translates a SAM template to CloudFormation with aws-sam-translator, as SAM CLI does, and prints the JSON.

Usage: python3 sam_translate.py template.yaml [Key=Value ...]

Key=Value pairs are parameter values, as `sam build --parameter-overrides` passes them.

Like SAM CLI for local runs, local CodeUri / DefinitionUri paths are replaced by placeholder S3
URIs first (the translator only accepts S3 locations) and managed policies are not looked up in IAM.
"""
import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

PLACEHOLDER_CODE = "s3://local-placeholder/code.zip"
PLACEHOLDER_DEFINITION = "s3://local-placeholder/definition.json"
LOCAL_DEFINITIONS = ("AWS::Serverless::StateMachine", "AWS::Serverless::Api", "AWS::Serverless::HttpApi")


class NoManagedPolicies:
    def load(self):
        return {}


def main(path, overrides):
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as handle:
        document = yaml_parse(handle.read())
    function_globals = document.get("Globals", {}).get("Function", {})
    if isinstance(function_globals.get("CodeUri"), str):
        function_globals["CodeUri"] = PLACEHOLDER_CODE
    for resource in document.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = PLACEHOLDER_CODE
        if resource.get("Type") in LOCAL_DEFINITIONS and isinstance(properties.get("DefinitionUri"), str):
            properties["DefinitionUri"] = PLACEHOLDER_DEFINITION
    parameters = dict(pair.split("=", 1) for pair in overrides)
    json.dump(transform(document, parameters, NoManagedPolicies()), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
