/// A trimmed copy of the TrainJob CRD's openAPIV3Schema (version v1alpha1), from
/// kubeflow/trainer@0f13bb7a01973a1717651000c746d634bd4161e9
/// manifests/base/crds/trainer.kubeflow.org_trainjobs.yaml (controller-gen v0.18.0), the API
/// with `runtimePatches` (kubeflow/trainer#3309, in Trainer v2.2).
/// Kept: every field the manifests emit and a few neighbours, with `type`, `required`,
/// `properties`, `items`, `maxItems`, `minLength`/`maxLength`, list-map keys and int-or-string as
/// the CRD has them; descriptions, `status`, the CEL rules (`x-kubernetes-validations`, checked
/// by hand in the tests) and fields git-llm never writes are left out, so the copy is stricter
/// than the real one, never looser.
enum TrainJobSchema {
  static let yaml = #"""
    type: object
    properties:
      apiVersion:
        type: string
      kind:
        type: string
      metadata:
        type: object
      spec:
        type: object
        required:
        - runtimeRef
        properties:
          activeDeadlineSeconds:
            format: int64
            minimum: 1
            type: integer
          managedBy:
            maxLength: 253
            type: string
          runtimePatches:
            maxItems: 16
            type: array
            x-kubernetes-list-map-keys:
            - manager
            x-kubernetes-list-type: map
            items:
              type: object
              required:
              - manager
              properties:
                manager:
                  maxLength: 253
                  minLength: 1
                  type: string
                time:
                  format: date-time
                  type: string
                trainingRuntimeSpec:
                  type: object
                  properties:
                    template:
                      type: object
                      properties:
                        metadata:
                          type: object
                          properties:
                            annotations:
                              additionalProperties:
                                type: string
                              type: object
                            labels:
                              additionalProperties:
                                type: string
                              type: object
                        spec:
                          type: object
                          properties:
                            replicatedJobs:
                              maxItems: 100
                              type: array
                              x-kubernetes-list-map-keys:
                              - name
                              x-kubernetes-list-type: map
                              items:
                                type: object
                                required:
                                - name
                                properties:
                                  name:
                                    maxLength: 253
                                    minLength: 1
                                    type: string
                                  template:
                                    type: object
                                    properties:
                                      metadata:
                                        type: object
                                        properties:
                                          annotations:
                                            additionalProperties:
                                              type: string
                                            type: object
                                          labels:
                                            additionalProperties:
                                              type: string
                                            type: object
                                      spec:
                                        type: object
                                        properties:
                                          template:
                                            type: object
                                            properties:
                                              metadata:
                                                type: object
                                                properties:
                                                  annotations:
                                                    additionalProperties:
                                                      type: string
                                                    type: object
                                                  labels:
                                                    additionalProperties:
                                                      type: string
                                                    type: object
                                              spec:
                                                type: object
                                                properties:
                                                  containers:
                                                    maxItems: 64
                                                    type: array
                                                    x-kubernetes-list-map-keys:
                                                    - name
                                                    x-kubernetes-list-type: map
                                                    items:
                                                      type: object
                                                      required:
                                                      - name
                                                      properties:
                                                        name:
                                                          maxLength: 253
                                                          minLength: 1
                                                          type: string
                                                        volumeMounts:
                                                          maxItems: 128
                                                          type: array
                                                          x-kubernetes-list-map-keys:
                                                          - name
                                                          x-kubernetes-list-type: map
                                                          items:
                                                            type: object
                                                            required:
                                                            - mountPath
                                                            - name
                                                            properties:
                                                              mountPath:
                                                                type: string
                                                              name:
                                                                type: string
                                                              readOnly:
                                                                type: boolean
                                                              subPath:
                                                                type: string
                                                  volumes:
                                                    maxItems: 128
                                                    type: array
                                                    x-kubernetes-list-map-keys:
                                                    - name
                                                    x-kubernetes-list-type: map
                                                    items:
                                                      type: object
                                                      required:
                                                      - name
                                                      properties:
                                                        name:
                                                          type: string
                                                        persistentVolumeClaim:
                                                          type: object
                                                          required:
                                                          - claimName
                                                          properties:
                                                            claimName:
                                                              type: string
                                                            readOnly:
                                                              type: boolean
          runtimeRef:
            type: object
            required:
            - name
            properties:
              apiGroup:
                default: trainer.kubeflow.org
                maxLength: 253
                type: string
              kind:
                default: ClusterTrainingRuntime
                maxLength: 253
                type: string
              name:
                maxLength: 253
                minLength: 1
                type: string
          suspend:
            default: false
            type: boolean
          trainer:
            type: object
            properties:
              args:
                items:
                  maxLength: 65536
                  type: string
                maxItems: 128
                type: array
                x-kubernetes-list-type: atomic
              command:
                items:
                  maxLength: 65536
                  type: string
                maxItems: 128
                type: array
                x-kubernetes-list-type: atomic
              env:
                maxItems: 128
                type: array
                x-kubernetes-list-map-keys:
                - name
                x-kubernetes-list-type: map
                items:
                  type: object
                  required:
                  - name
                  properties:
                    name:
                      type: string
                    value:
                      type: string
                    valueFrom:
                      type: object
                      properties:
                        secretKeyRef:
                          type: object
                          required:
                          - key
                          x-kubernetes-map-type: atomic
                          properties:
                            key:
                              type: string
                            name:
                              default: ""
                              type: string
                            optional:
                              type: boolean
              image:
                maxLength: 500
                type: string
              numNodes:
                format: int32
                type: integer
              resourcesPerNode:
                type: object
                properties:
                  limits:
                    additionalProperties:
                      anyOf:
                      - type: integer
                      - type: string
                      pattern: \#(Quantity.pattern)
                      x-kubernetes-int-or-string: true
                    type: object
                  requests:
                    additionalProperties:
                      anyOf:
                      - type: integer
                      - type: string
                      pattern: \#(Quantity.pattern)
                      x-kubernetes-int-or-string: true
                    type: object
    """#

  /// The CRD's two CEL rules on metadata.name, which a structural validator cannot run.
  static let namePattern = "^[a-z]([-a-z0-9]*[a-z0-9])?$"
  static let nameLimit = 63
}
